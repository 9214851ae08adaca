using System.Buffers;
using System.Text;

namespace EdgeFace.Onnx.Tests.OnnxModels;

/// <summary>
/// Minimal protocol-buffers encoder: varints, 32-bit floats, length-delimited bytes and nested messages.
/// Enough to write the handful of ONNX messages the tests need.
/// </summary>
public sealed class ProtoWriter
{
    private const int VarintType = 0, Fixed32Type = 5, LengthDelimitedType = 2;
    private readonly ArrayBufferWriter<byte> _out = new();

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, VarintType);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter Fixed32(int field, float value)
    {
        Tag(field, Fixed32Type);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value); // little-endian on every platform .NET runs EdgeFace on
        _out.Write(b);
        return this;
    }

    public ProtoWriter Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedType);
        WriteVarint((ulong)value.Length);
        _out.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A packed repeated varint field.</summary>
    public ProtoWriter PackedInts(int field, IEnumerable<long> values)
    {
        var inner = new ProtoWriter();
        foreach (long v in values) inner.WriteVarint((ulong)v);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtoWriter PackedFloats(int field, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
        return Bytes(field, bytes);
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteByte((byte)value);
    }

    private void WriteByte(byte b)
    {
        _out.GetSpan(1)[0] = b;
        _out.Advance(1);
    }
}
