using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>MQTT 5.0 (protocol level 5): properties on most packets, reason codes on acknowledgements.</summary>
public sealed class Mqtt5PacketFormatter : MqttPacketFormatter
{
    public static readonly Mqtt5PacketFormatter Instance = new();

    public override MqttProtocolVersion Version => MqttProtocolVersion.V500;

    protected override void WriteProperties(MqttBufferWriter w, MqttProperties? properties, PropertyContext context)
    {
        int mark = w.BeginLengthPrefixed();
        if (properties is not null) Mqtt5Properties.Write(w, properties, context);
        w.EndLengthPrefixed(mark);
    }

    protected override MqttProperties? ReadProperties(ref MqttBufferReader r, PropertyContext context)
    {
        uint length = r.ReadVariableByteInteger();
        if (length > r.Remaining) throw new MqttProtocolException($"property length {length} exceeds the {r.Remaining} byte(s) left in the packet");
        if (length == 0) return null;
        var block = new MqttBufferReader(r.ReadBytes((int)length));
        return Mqtt5Properties.Read(ref block, context);
    }

    protected override void WriteAckTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context)
    {
        // The short forms are part of the protocol: a bare identifier means success without properties.
        if (reasonCode == 0 && properties is null) return;
        w.WriteByte(reasonCode);
        if (properties is not null) WriteProperties(w, properties, context);
    }

    protected override (byte Code, MqttProperties? Properties) ReadAckTail(ref MqttBufferReader r, PropertyContext context)
    {
        if (r.End) return (0, null);
        byte code = r.ReadByte();
        return r.End ? (code, null) : (code, ReadProperties(ref r, context));
    }

    protected override void WriteDisconnectTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context) =>
        WriteAckTail(w, reasonCode, properties, context);

    protected override (byte Code, MqttProperties? Properties) ReadDisconnectTail(ref MqttBufferReader r, PropertyContext context) =>
        ReadAckTail(ref r, context);

    protected override byte EncodeSubscriptionOptions(MqttTopicFilter f) =>
        (byte)((byte)f.QualityOfService | (f.NoLocal ? 0x04 : 0) | (f.RetainAsPublished ? 0x08 : 0) | ((f.RetainHandling & 3) << 4));

    protected override MqttTopicFilter DecodeSubscriptionOptions(string filter, byte options)
    {
        if ((options & 0xC0) != 0) throw new MqttProtocolException("SUBSCRIBE options use reserved bits");
        if ((options & 3) == 3) throw new MqttProtocolException("SUBSCRIBE with QoS 3");
        int retainHandling = (options >> 4) & 3;
        if (retainHandling == 3) throw new MqttProtocolException("SUBSCRIBE retain handling 3 is reserved");
        return new MqttTopicFilter(filter, (MqttQualityOfService)(options & 3))
        {
            NoLocal = (options & 0x04) != 0, RetainAsPublished = (options & 0x08) != 0, RetainHandling = (byte)retainHandling,
        };
    }

    protected override bool IsValidSubAckCode(byte code) => code is 0 or 1 or 2 or 0x80 or 0x83 or 0x87 or 0x8F or 0x91 or 0x97 or 0x9E or 0xA1 or 0xA2;

    protected override void WriteUnsubAckTail(MqttBufferWriter w, UnsubAckPacket p)
    {
        WriteProperties(w, p.Properties, PropertyContext.UnsubAck);
        foreach (byte c in p.ReasonCodes) w.WriteByte(c);
    }

    protected override UnsubAckPacket ReadUnsubAckTail(ref MqttBufferReader r, ushort packetIdentifier)
    {
        var props = ReadProperties(ref r, PropertyContext.UnsubAck);
        if (r.End) throw new MqttProtocolException("UNSUBACK without reason codes");
        var codes = r.ReadToEnd().ToArray();
        foreach (byte c in codes)
            if (c is not (0 or 0x11 or 0x80 or 0x83 or 0x87 or 0x8F or 0x91)) throw new MqttProtocolException($"UNSUBACK reason code 0x{c:X2} is not defined");
        return new UnsubAckPacket { PacketIdentifier = packetIdentifier, ReasonCodes = codes, Properties = props };
    }
}
