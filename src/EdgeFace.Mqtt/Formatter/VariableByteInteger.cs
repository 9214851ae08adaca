namespace EdgeFace.Mqtt.Formatter;

/// <summary>The 1–4 byte base-128 integer MQTT uses for remaining length and property lengths.</summary>
public static class VariableByteInteger
{
    public const int MaxValue = 268_435_455;
    /// <summary>Returned by <see cref="Read"/> when the span ends before the integer does.</summary>
    public const int NeedMore = -1;

    /// <summary>Decodes from the start of <paramref name="data"/>; throws on a fifth byte or a non-minimal encoding.</summary>
    public static int Read(ReadOnlySpan<byte> data, out int bytesUsed)
    {
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i >= data.Length) { bytesUsed = 0; return NeedMore; }
            byte b = data[i];
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                // A trailing zero group (e.g. 0x80 0x00) is a longer-than-needed encoding; the spec requires the minimum.
                if (i > 0 && b == 0) throw new MqttProtocolException("variable byte integer is not minimally encoded");
                bytesUsed = i + 1;
                return value;
            }
        }
        throw new MqttProtocolException("variable byte integer longer than 4 bytes");
    }

    public static int Size(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public static int Write(Span<byte> destination, int value)
    {
        if ((uint)value > MaxValue) throw new ArgumentOutOfRangeException(nameof(value), value, "MQTT variable byte integers stop at 268435455");
        int i = 0;
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value > 0) b |= 0x80;
            destination[i++] = b;
        } while (value > 0);
        return i;
    }
}
