using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>
/// Builds one packet at a time in a pooled, reused buffer. The body is written after a 5-byte gap so the fixed
/// header (type byte + remaining length, at most 5 bytes) can be put in front without moving the body.
/// </summary>
public sealed class MqttBufferWriter : IDisposable
{
    private const int HeaderReserve = 5;
    private byte[] _buffer;
    private int _position = HeaderReserve;

    public MqttBufferWriter(int initialCapacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    public int BodyLength => _position - HeaderReserve;

    public void Reset() => _position = HeaderReserve;

    public void WriteByte(byte value) { Ensure(1); _buffer[_position++] = value; }

    public void WriteUInt16(ushort value) { Ensure(2); BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value); _position += 2; }

    public void WriteUInt32(uint value) { Ensure(4); BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value); _position += 4; }

    public void WriteVariableByteInteger(uint value) { Ensure(4); _position += VariableByteInteger.Write(_buffer.AsSpan(_position), checked((int)value)); }

    public void WriteBytes(ReadOnlySpan<byte> bytes) { Ensure(bytes.Length); bytes.CopyTo(_buffer.AsSpan(_position)); _position += bytes.Length; }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue) throw new ArgumentException($"MQTT binary data is limited to 65535 bytes (got {bytes.Length})");
        WriteUInt16((ushort)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteString(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(2 + max);
        int n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + 2));
        if (n > ushort.MaxValue) throw new ArgumentException($"MQTT strings are limited to 65535 UTF-8 bytes (got {n})");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), (ushort)n);
        _position += 2 + n;
    }

    /// <summary>Starts a block whose length is written in front of it as a variable byte integer (5.0 properties).</summary>
    public int BeginLengthPrefixed() { Ensure(4); int mark = _position; _position += 4; return mark; }

    public void EndLengthPrefixed(int mark)
    {
        int length = _position - mark - 4;
        int size = VariableByteInteger.Size(length);
        // Four bytes were reserved; close the gap left by a shorter length field.
        _buffer.AsSpan(mark + 4, length).CopyTo(_buffer.AsSpan(mark + size));
        VariableByteInteger.Write(_buffer.AsSpan(mark), length);
        _position = mark + size + length;
    }

    /// <summary>Writes the fixed header in front of the body and returns the whole packet (valid until the next Reset).</summary>
    public ReadOnlyMemory<byte> Complete(byte firstByte)
    {
        int length = BodyLength;
        int size = VariableByteInteger.Size(length);
        int start = HeaderReserve - 1 - size;
        _buffer[start] = firstByte;
        VariableByteInteger.Write(_buffer.AsSpan(start + 1), length);
        return new ReadOnlyMemory<byte>(_buffer, start, _position - start);
    }

    private void Ensure(int extra)
    {
        if (_position + extra <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + extra));
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = [];
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
