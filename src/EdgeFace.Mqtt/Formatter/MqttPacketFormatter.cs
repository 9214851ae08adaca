using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>
/// Turns packets into bytes and back for one protocol version. The packet layout shared by 3.1.1 and 5.0 lives
/// here; <see cref="Mqtt311PacketFormatter"/> and <see cref="Mqtt5PacketFormatter"/> supply what differs
/// (properties, reason codes, subscription options). Formatters are stateless and thread-safe.
/// Decoding assumes hostile input: every violation is a <see cref="MqttProtocolException"/> and nothing else.
/// </summary>
public abstract class MqttPacketFormatter
{
    public static MqttPacketFormatter For(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V311 => Mqtt311PacketFormatter.Instance,
        MqttProtocolVersion.V500 => Mqtt5PacketFormatter.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "supported MQTT versions are 3.1.1 and 5.0"),
    };

    public abstract MqttProtocolVersion Version { get; }

    // ---- encoding -------------------------------------------------------------------------------------------

    /// <summary>Encodes <paramref name="packet"/> into <paramref name="writer"/>; the result is valid until the writer is reused.</summary>
    public ReadOnlyMemory<byte> Encode(MqttPacket packet, MqttBufferWriter writer)
    {
        writer.Reset();
        byte first = packet switch
        {
            ConnectPacket p => EncodeConnect(p, writer),
            ConnAckPacket p => EncodeConnAck(p, writer),
            PublishPacket p => EncodePublish(p, writer),
            PubRelPacket p => EncodeAck(p, writer, 0x62),
            PublishAcknowledgementPacket p => EncodeAck(p, writer, (byte)((byte)p.Type << 4)),
            SubscribePacket p => EncodeSubscribe(p, writer),
            SubAckPacket p => EncodeSubAck(p, writer),
            UnsubscribePacket p => EncodeUnsubscribe(p, writer),
            UnsubAckPacket p => EncodeUnsubAck(p, writer),
            PingReqPacket => 0xC0,
            PingRespPacket => 0xD0,
            DisconnectPacket p => EncodeDisconnect(p, writer),
            AuthPacket p => EncodeAuth(p, writer),
            _ => throw new ArgumentException($"cannot encode {packet.GetType().Name}"),
        };
        return writer.Complete(first);
    }

    private byte EncodeConnect(ConnectPacket p, MqttBufferWriter w)
    {
        w.WriteString("MQTT");
        w.WriteByte((byte)Version);
        byte flags = 0;
        if (p.CleanSession) flags |= 0x02;
        if (p.WillTopic is not null) flags |= (byte)(0x04 | ((byte)p.WillQoS << 3) | (p.WillRetain ? 0x20 : 0));
        if (p.Password is not null) flags |= 0x40;
        if (p.Username is not null) flags |= 0x80;
        w.WriteByte(flags);
        w.WriteUInt16(p.KeepAliveSeconds);
        WriteProperties(w, p.Properties, PropertyContext.Connect);
        w.WriteString(p.ClientId);
        if (p.WillTopic is not null)
        {
            WriteProperties(w, p.WillProperties, PropertyContext.Will);
            w.WriteString(p.WillTopic);
            w.WriteBinary(p.WillPayload.Span);
        }
        if (p.Username is not null) w.WriteString(p.Username);
        if (p.Password is { } pw) w.WriteBinary(pw.Span);
        return 0x10;
    }

    private byte EncodeConnAck(ConnAckPacket p, MqttBufferWriter w)
    {
        w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
        w.WriteByte(p.ReasonCode);
        WriteProperties(w, p.Properties, PropertyContext.ConnAck);
        return 0x20;
    }

    private byte EncodePublish(PublishPacket p, MqttBufferWriter w)
    {
        if (p.QualityOfService > MqttQualityOfService.ExactlyOnce) throw new ArgumentException("QoS must be 0, 1 or 2");
        if (p.QualityOfService != MqttQualityOfService.AtMostOnce && p.PacketIdentifier == 0)
            throw new ArgumentException("QoS 1 and 2 publishes need a non-zero packet identifier");
        w.WriteString(p.Topic);
        if (p.QualityOfService != MqttQualityOfService.AtMostOnce) w.WriteUInt16(p.PacketIdentifier);
        WriteProperties(w, p.Properties, PropertyContext.Publish);
        w.WriteBytes(p.Payload.Span);
        return (byte)(0x30 | (p.Dup ? 0x08 : 0) | ((byte)p.QualityOfService << 1) | (p.Retain ? 1 : 0));
    }

    private byte EncodeAck(PublishAcknowledgementPacket p, MqttBufferWriter w, byte first)
    {
        w.WriteUInt16(p.PacketIdentifier);
        WriteAckTail(w, p.ReasonCode, p.Properties, PropertyContext.Ack);
        return first;
    }

    private byte EncodeSubscribe(SubscribePacket p, MqttBufferWriter w)
    {
        if (p.Filters.Count == 0) throw new ArgumentException("SUBSCRIBE needs at least one topic filter");
        w.WriteUInt16(p.PacketIdentifier);
        WriteProperties(w, p.Properties, PropertyContext.Subscribe);
        foreach (var f in p.Filters)
        {
            w.WriteString(f.Filter);
            w.WriteByte(EncodeSubscriptionOptions(f));
        }
        return 0x82;
    }

    private byte EncodeSubAck(SubAckPacket p, MqttBufferWriter w)
    {
        w.WriteUInt16(p.PacketIdentifier);
        WriteProperties(w, p.Properties, PropertyContext.SubAck);
        foreach (byte c in p.ReasonCodes) w.WriteByte(c);
        return 0x90;
    }

    private byte EncodeUnsubscribe(UnsubscribePacket p, MqttBufferWriter w)
    {
        if (p.Filters.Count == 0) throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter");
        w.WriteUInt16(p.PacketIdentifier);
        WriteProperties(w, p.Properties, PropertyContext.Unsubscribe);
        foreach (var f in p.Filters) w.WriteString(f);
        return 0xA2;
    }

    private byte EncodeUnsubAck(UnsubAckPacket p, MqttBufferWriter w)
    {
        w.WriteUInt16(p.PacketIdentifier);
        WriteUnsubAckTail(w, p);
        return 0xB0;
    }

    private byte EncodeDisconnect(DisconnectPacket p, MqttBufferWriter w)
    {
        WriteDisconnectTail(w, p.ReasonCode, p.Properties, PropertyContext.Disconnect);
        return 0xE0;
    }

    private byte EncodeAuth(AuthPacket p, MqttBufferWriter w)
    {
        if (Version != MqttProtocolVersion.V500) throw new ArgumentException("AUTH exists only in MQTT 5.0");
        WriteDisconnectTail(w, p.ReasonCode, p.Properties, PropertyContext.Auth);
        return 0xF0;
    }

    // ---- decoding -------------------------------------------------------------------------------------------

    /// <summary>
    /// Decodes one complete frame from the start of <paramref name="data"/>. Returns null when the frame is not
    /// complete yet. Throws <see cref="MqttProtocolException"/> for anything malformed or over the size limit.
    /// </summary>
    public MqttPacket? TryDecodeFrame(ReadOnlySpan<byte> data, int maximumPacketSize, out int consumed)
    {
        consumed = 0;
        if (!MqttFixedHeader.TryRead(data, maximumPacketSize, out var header)) return null;
        if (data.Length < header.PacketLength) return null;
        var packet = Decode(header.FirstByte, data.Slice(header.HeaderLength, header.RemainingLength));
        consumed = header.PacketLength;
        return packet;
    }

    /// <summary>Decodes a packet from its first byte and its body (everything after the remaining length).</summary>
    public MqttPacket Decode(byte firstByte, ReadOnlySpan<byte> body)
    {
        var type = (MqttPacketType)(firstByte >> 4);
        int flags = firstByte & 0x0F;
        if (type != MqttPacketType.Publish)
        {
            int expected = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 2 : 0;
            if (flags != expected) throw new MqttProtocolException($"{type} with reserved flags 0x{flags:X} (must be 0x{expected:X})");
        }
        var r = new MqttBufferReader(body);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref r),
            MqttPacketType.ConnAck => DecodeConnAck(ref r),
            MqttPacketType.Publish => DecodePublish(ref r, flags),
            MqttPacketType.PubAck => ReadAck(ref r, new PubAckPacket()),
            MqttPacketType.PubRec => ReadAck(ref r, new PubRecPacket()),
            MqttPacketType.PubRel => ReadAck(ref r, new PubRelPacket()),
            MqttPacketType.PubComp => ReadAck(ref r, new PubCompPacket()),
            MqttPacketType.Subscribe => DecodeSubscribe(ref r),
            MqttPacketType.SubAck => DecodeSubAck(ref r),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref r),
            MqttPacketType.UnsubAck => DecodeUnsubAck(ref r),
            MqttPacketType.PingReq => Empty(ref r, PingReqPacket.Instance),
            MqttPacketType.PingResp => Empty(ref r, PingRespPacket.Instance),
            MqttPacketType.Disconnect => DecodeDisconnect(ref r),
            MqttPacketType.Auth => DecodeAuth(ref r),
            _ => throw new MqttProtocolException("packet type 0 is reserved"),
        };
        if (!r.End) throw new MqttProtocolException($"{type} has {r.Remaining} unexpected trailing byte(s)");
        return packet;
    }

    private static MqttPacket Empty(ref MqttBufferReader r, MqttPacket p)
    {
        if (!r.End) throw new MqttProtocolException($"{p.Type} must have no body");
        return p;
    }

    private ConnectPacket DecodeConnect(ref MqttBufferReader r)
    {
        string name = r.ReadString();
        if (name != "MQTT") throw new MqttProtocolException($"unknown protocol name '{name}'");
        byte level = r.ReadByte();
        if (level != (byte)Version) throw new MqttProtocolException($"protocol level {level} does not match this {Version} decoder");
        byte flags = r.ReadByte();
        if ((flags & 0x01) != 0) throw new MqttProtocolException("CONNECT reserved flag is set");
        bool will = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 3;
        bool willRetain = (flags & 0x20) != 0;
        if (!will && (willQos != 0 || willRetain)) throw new MqttProtocolException("Will QoS/retain set without a Will");
        if (willQos == 3) throw new MqttProtocolException("Will QoS 3 is invalid");
        if (Version == MqttProtocolVersion.V311 && (flags & 0xC0) == 0x40) throw new MqttProtocolException("password flag without user name flag");
        ushort keepAlive = r.ReadUInt16();
        var props = ReadProperties(ref r, PropertyContext.Connect);
        string clientId = r.ReadString();
        MqttProperties? willProps = null;
        string? willTopic = null;
        byte[] willPayload = [];
        if (will)
        {
            willProps = ReadProperties(ref r, PropertyContext.Will);
            willTopic = r.ReadString();
            willPayload = r.ReadBinary();
        }
        string? user = (flags & 0x80) != 0 ? r.ReadString() : null;
        byte[]? password = (flags & 0x40) != 0 ? r.ReadBinary() : null;
        return new ConnectPacket
        {
            ProtocolVersion = Version, ClientId = clientId, CleanSession = (flags & 0x02) != 0, KeepAliveSeconds = keepAlive,
            Username = user, Password = password is null ? null : (ReadOnlyMemory<byte>?)password, WillTopic = willTopic, WillPayload = willPayload,
            WillQoS = (MqttQualityOfService)willQos, WillRetain = willRetain, WillProperties = willProps, Properties = props,
        };
    }

    private ConnAckPacket DecodeConnAck(ref MqttBufferReader r)
    {
        byte ackFlags = r.ReadByte();
        if ((ackFlags & 0xFE) != 0) throw new MqttProtocolException("CONNACK reserved flags are set");
        byte code = r.ReadByte();
        var props = ReadProperties(ref r, PropertyContext.ConnAck);
        return new ConnAckPacket { SessionPresent = (ackFlags & 1) != 0, ReasonCode = code, Properties = props };
    }

    private PublishPacket DecodePublish(ref MqttBufferReader r, int flags)
    {
        var qos = (MqttQualityOfService)((flags >> 1) & 3);
        if ((int)qos == 3) throw new MqttProtocolException("PUBLISH with QoS 3");
        bool dup = (flags & 0x08) != 0;
        if (dup && qos == MqttQualityOfService.AtMostOnce) throw new MqttProtocolException("DUP set on a QoS 0 PUBLISH");
        string topic = r.ReadString();
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0) throw new MqttProtocolException("PUBLISH topic contains a wildcard");
        ushort id = 0;
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            id = r.ReadUInt16();
            if (id == 0) throw new MqttProtocolException("PUBLISH with packet identifier 0");
        }
        var props = ReadProperties(ref r, PropertyContext.Publish);
        if (topic.Length == 0 && props?.TopicAlias is null) throw new MqttProtocolException("PUBLISH with an empty topic");
        byte[] payload = r.ReadToEnd().ToArray();
        return new PublishPacket { Topic = topic, Payload = payload, QualityOfService = qos, Retain = (flags & 1) != 0, Dup = dup, PacketIdentifier = id, Properties = props };
    }

    private T ReadAck<T>(ref MqttBufferReader r, T empty) where T : PublishAcknowledgementPacket
    {
        ushort id = ReadIdentifier(ref r, empty.Type);
        var (code, props) = ReadAckTail(ref r, PropertyContext.Ack);
        return empty with { PacketIdentifier = id, ReasonCode = code, Properties = props };
    }

    private SubscribePacket DecodeSubscribe(ref MqttBufferReader r)
    {
        ushort id = ReadIdentifier(ref r, MqttPacketType.Subscribe);
        var props = ReadProperties(ref r, PropertyContext.Subscribe);
        var filters = new List<MqttTopicFilter>();
        do
        {
            string filter = r.ReadString();
            if (filter.Length == 0) throw new MqttProtocolException("empty topic filter");
            filters.Add(DecodeSubscriptionOptions(filter, r.ReadByte()));
        } while (!r.End);
        return new SubscribePacket { PacketIdentifier = id, Filters = filters, Properties = props };
    }

    private SubAckPacket DecodeSubAck(ref MqttBufferReader r)
    {
        ushort id = ReadIdentifier(ref r, MqttPacketType.SubAck);
        var props = ReadProperties(ref r, PropertyContext.SubAck);
        if (r.End) throw new MqttProtocolException("SUBACK without return codes");
        var codes = r.ReadToEnd().ToArray();
        foreach (byte c in codes)
            if (!IsValidSubAckCode(c)) throw new MqttProtocolException($"SUBACK return code 0x{c:X2} is not defined");
        return new SubAckPacket { PacketIdentifier = id, ReasonCodes = codes, Properties = props };
    }

    private UnsubscribePacket DecodeUnsubscribe(ref MqttBufferReader r)
    {
        ushort id = ReadIdentifier(ref r, MqttPacketType.Unsubscribe);
        var props = ReadProperties(ref r, PropertyContext.Unsubscribe);
        var filters = new List<string>();
        do
        {
            string filter = r.ReadString();
            if (filter.Length == 0) throw new MqttProtocolException("empty topic filter");
            filters.Add(filter);
        } while (!r.End);
        return new UnsubscribePacket { PacketIdentifier = id, Filters = filters, Properties = props };
    }

    private UnsubAckPacket DecodeUnsubAck(ref MqttBufferReader r)
    {
        ushort id = ReadIdentifier(ref r, MqttPacketType.UnsubAck);
        return ReadUnsubAckTail(ref r, id);
    }

    private DisconnectPacket DecodeDisconnect(ref MqttBufferReader r)
    {
        var (code, props) = ReadDisconnectTail(ref r, PropertyContext.Disconnect);
        return new DisconnectPacket { ReasonCode = code, Properties = props };
    }

    private AuthPacket DecodeAuth(ref MqttBufferReader r)
    {
        if (Version != MqttProtocolVersion.V500) throw new MqttProtocolException("AUTH is reserved in MQTT 3.1.1");
        var (code, props) = ReadDisconnectTail(ref r, PropertyContext.Auth);
        return new AuthPacket { ReasonCode = code, Properties = props };
    }

    private static ushort ReadIdentifier(ref MqttBufferReader r, MqttPacketType type)
    {
        ushort id = r.ReadUInt16();
        if (id == 0) throw new MqttProtocolException($"{type} with packet identifier 0");
        return id;
    }

    // ---- what differs between versions ------------------------------------------------------------------------

    protected abstract void WriteProperties(MqttBufferWriter w, MqttProperties? properties, PropertyContext context);
    protected abstract MqttProperties? ReadProperties(ref MqttBufferReader r, PropertyContext context);
    protected abstract void WriteAckTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context);
    protected abstract (byte Code, MqttProperties? Properties) ReadAckTail(ref MqttBufferReader r, PropertyContext context);
    protected abstract void WriteDisconnectTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context);
    protected abstract (byte Code, MqttProperties? Properties) ReadDisconnectTail(ref MqttBufferReader r, PropertyContext context);
    protected abstract byte EncodeSubscriptionOptions(MqttTopicFilter filter);
    protected abstract MqttTopicFilter DecodeSubscriptionOptions(string filter, byte options);
    protected abstract bool IsValidSubAckCode(byte code);
    protected abstract void WriteUnsubAckTail(MqttBufferWriter w, UnsubAckPacket p);
    protected abstract UnsubAckPacket ReadUnsubAckTail(ref MqttBufferReader r, ushort packetIdentifier);
}

/// <summary>Which packet (or the Will) a property block belongs to; 5.0 allows each property only in some of them.</summary>
[Flags]
public enum PropertyContext
{
    Connect = 1, ConnAck = 2, Publish = 4, Will = 8, Ack = 16, Subscribe = 32, SubAck = 64,
    Unsubscribe = 128, UnsubAck = 256, Disconnect = 512, Auth = 1024,
}
