using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>
/// Reads MQTT data types from one packet body. Every read is bounds-checked against the body, so a length field
/// can never make the reader allocate or copy more than the bytes that actually arrived.
/// </summary>
public ref struct MqttBufferReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public MqttBufferReader(ReadOnlySpan<byte> data) { _data = data; _position = 0; }

    public readonly int Remaining => _data.Length - _position;
    public readonly bool End => _position == _data.Length;

    public byte ReadByte()
    {
        Need(1, "byte");
        return _data[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "two-byte integer");
        ushort v = BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(_position));
        _position += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4, "four-byte integer");
        uint v = BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_position));
        _position += 4;
        return v;
    }

    public uint ReadVariableByteInteger()
    {
        int value = VariableByteInteger.Read(_data.Slice(_position), out int used);
        if (value == VariableByteInteger.NeedMore) throw new MqttProtocolException("variable byte integer runs past the end of the packet");
        _position += used;
        return (uint)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0) throw new MqttProtocolException("negative length");
        Need(count, "bytes");
        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public ReadOnlySpan<byte> ReadToEnd() => ReadBytes(Remaining);

    /// <summary>Two-byte length prefixed binary data.</summary>
    public byte[] ReadBinary() => ReadBytes(ReadUInt16()).ToArray();

    /// <summary>Two-byte length prefixed UTF-8 string: well-formed and free of U+0000 (MQTT-1.5.3-1, -2).</summary>
    public string ReadString()
    {
        var bytes = ReadBytes(ReadUInt16());
        if (!Utf8.IsValid(bytes)) throw new MqttProtocolException("string is not well-formed UTF-8");
        if (bytes.Contains((byte)0)) throw new MqttProtocolException("string contains U+0000");
        return Encoding.UTF8.GetString(bytes);
    }

    private readonly void Need(int count, string what)
    {
        if (count > _data.Length - _position)
            throw new MqttProtocolException($"packet ends early: needed {count} more byte(s) for a {what}, {_data.Length - _position} left");
    }
}
