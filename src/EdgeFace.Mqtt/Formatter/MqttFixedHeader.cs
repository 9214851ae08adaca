namespace EdgeFace.Mqtt.Formatter;

/// <summary>First byte and remaining length of a packet, and how many bytes they took.</summary>
public readonly record struct MqttFixedHeader(byte FirstByte, int RemainingLength, int HeaderLength)
{
    public int PacketLength => HeaderLength + RemainingLength;

    /// <summary>
    /// Parses a fixed header from the start of <paramref name="data"/>. Returns false when more bytes are needed.
    /// Throws <see cref="MqttProtocolException"/> for a malformed length or a packet larger than <paramref name="maximumPacketSize"/>,
    /// before anything is allocated for the body.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, int maximumPacketSize, out MqttFixedHeader header)
    {
        header = default;
        if (data.Length < 2) return false;
        int length = VariableByteInteger.Read(data.Slice(1), out int used);
        if (length == VariableByteInteger.NeedMore) return false;
        if ((long)length + 1 + used > maximumPacketSize)
            throw new MqttProtocolException($"packet of {length + 1 + used} bytes exceeds the maximum packet size of {maximumPacketSize}");
        header = new MqttFixedHeader(data[0], length, 1 + used);
        return true;
    }
}
