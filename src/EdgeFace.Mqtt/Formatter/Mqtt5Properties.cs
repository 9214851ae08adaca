using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>Reads and writes the MQTT 5.0 property block (identifier, typed value) and enforces where each property may appear.</summary>
internal static class Mqtt5Properties
{
    private const PropertyContext PublishOrWill = PropertyContext.Publish | PropertyContext.Will;
    private const PropertyContext AnyWithReason = PropertyContext.ConnAck | PropertyContext.Ack | PropertyContext.SubAck |
        PropertyContext.UnsubAck | PropertyContext.Disconnect | PropertyContext.Auth;

    private static PropertyContext AllowedIn(byte id) => id switch
    {
        0x01 or 0x02 or 0x03 or 0x08 or 0x09 => PublishOrWill,
        0x0B => PropertyContext.Publish | PropertyContext.Subscribe,
        0x11 => PropertyContext.Connect | PropertyContext.ConnAck | PropertyContext.Disconnect,
        0x12 or 0x13 or 0x1A or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => PropertyContext.ConnAck,
        0x15 or 0x16 => PropertyContext.Connect | PropertyContext.ConnAck | PropertyContext.Auth,
        0x17 or 0x19 => PropertyContext.Connect,
        0x18 => PropertyContext.Will,
        0x1C => PropertyContext.ConnAck | PropertyContext.Disconnect,
        0x1F => AnyWithReason,
        0x21 or 0x22 or 0x27 => PropertyContext.Connect | PropertyContext.ConnAck,
        0x23 => PropertyContext.Publish,
        0x26 => (PropertyContext)0x7FF,
        _ => 0,
    };

    public static MqttProperties Read(ref MqttBufferReader r, PropertyContext context)
    {
        var p = new MqttProperties();
        List<MqttUserProperty>? user = null;
        List<uint>? subscriptionIds = null;
        ulong seen = 0;
        while (!r.End)
        {
            uint rawId = r.ReadVariableByteInteger();
            if (rawId > 0x7F) throw new MqttProtocolException($"unknown property identifier 0x{rawId:X}");
            byte id = (byte)rawId;
            var allowed = AllowedIn(id);
            if (allowed == 0) throw new MqttProtocolException($"unknown property identifier 0x{id:X2}");
            if ((allowed & context) == 0) throw new MqttProtocolException($"property 0x{id:X2} is not allowed in {context}");
            bool repeatable = id is 0x26 || (id == 0x0B && context == PropertyContext.Publish);
            if (!repeatable)
            {
                if ((seen & (1UL << id)) != 0) throw new MqttProtocolException($"property 0x{id:X2} appears twice");
                seen |= 1UL << id;
            }
            switch (id)
            {
                case 0x01: p.PayloadFormatIndicator = Bool(r.ReadByte(), "payload format indicator"); break;
                case 0x02: p.MessageExpiryInterval = r.ReadUInt32(); break;
                case 0x03: p.ContentType = r.ReadString(); break;
                case 0x08:
                    p.ResponseTopic = r.ReadString();
                    if (p.ResponseTopic.AsSpan().IndexOfAny('+', '#') >= 0) throw new MqttProtocolException("response topic contains a wildcard");
                    break;
                case 0x09: p.CorrelationData = r.ReadBinary(); break;
                case 0x0B:
                    uint sid = r.ReadVariableByteInteger();
                    if (sid == 0) throw new MqttProtocolException("subscription identifier 0");
                    (subscriptionIds ??= new()).Add(sid);
                    break;
                case 0x11: p.SessionExpiryInterval = r.ReadUInt32(); break;
                case 0x12: p.AssignedClientIdentifier = r.ReadString(); break;
                case 0x13: p.ServerKeepAlive = r.ReadUInt16(); break;
                case 0x15: p.AuthenticationMethod = r.ReadString(); break;
                case 0x16: p.AuthenticationData = r.ReadBinary(); break;
                case 0x17: p.RequestProblemInformation = Bool(r.ReadByte(), "request problem information"); break;
                case 0x18: p.WillDelayInterval = r.ReadUInt32(); break;
                case 0x19: p.RequestResponseInformation = Bool(r.ReadByte(), "request response information"); break;
                case 0x1A: p.ResponseInformation = r.ReadString(); break;
                case 0x1C: p.ServerReference = r.ReadString(); break;
                case 0x1F: p.ReasonString = r.ReadString(); break;
                case 0x21: p.ReceiveMaximum = NonZero(r.ReadUInt16(), "receive maximum"); break;
                case 0x22: p.TopicAliasMaximum = r.ReadUInt16(); break;
                case 0x23: p.TopicAlias = NonZero(r.ReadUInt16(), "topic alias"); break;
                case 0x24: p.MaximumQoS = Bool(r.ReadByte(), "maximum QoS"); break;
                case 0x25: p.RetainAvailable = Bool(r.ReadByte(), "retain available"); break;
                case 0x26:
                    string name = r.ReadString();
                    (user ??= new()).Add(new MqttUserProperty(name, r.ReadString()));
                    break;
                case 0x27:
                    uint max = r.ReadUInt32();
                    if (max == 0) throw new MqttProtocolException("maximum packet size 0");
                    p.MaximumPacketSize = max;
                    break;
                case 0x28: p.WildcardSubscriptionAvailable = Bool(r.ReadByte(), "wildcard subscription available"); break;
                case 0x29: p.SubscriptionIdentifiersAvailable = Bool(r.ReadByte(), "subscription identifiers available"); break;
                case 0x2A: p.SharedSubscriptionAvailable = Bool(r.ReadByte(), "shared subscription available"); break;
            }
        }
        p.UserProperties = user;
        p.SubscriptionIdentifiers = subscriptionIds;
        return p;
    }

    public static void Write(MqttBufferWriter w, MqttProperties p, PropertyContext context)
    {
        void Id(byte id)
        {
            if ((AllowedIn(id) & context) == 0) throw new ArgumentException($"MQTT 5 property 0x{id:X2} is not allowed in {context}");
            w.WriteByte(id);
        }
        if (p.PayloadFormatIndicator is { } pfi) { Id(0x01); w.WriteByte(pfi); }
        if (p.MessageExpiryInterval is { } mei) { Id(0x02); w.WriteUInt32(mei); }
        if (p.ContentType is { } ct) { Id(0x03); w.WriteString(ct); }
        if (p.ResponseTopic is { } rt) { Id(0x08); w.WriteString(rt); }
        if (p.CorrelationData is { } cd) { Id(0x09); w.WriteBinary(cd.Span); }
        if (p.SubscriptionIdentifiers is { } sids) foreach (uint s in sids) { Id(0x0B); w.WriteVariableByteInteger(s); }
        if (p.SessionExpiryInterval is { } sei) { Id(0x11); w.WriteUInt32(sei); }
        if (p.AssignedClientIdentifier is { } aci) { Id(0x12); w.WriteString(aci); }
        if (p.ServerKeepAlive is { } ska) { Id(0x13); w.WriteUInt16(ska); }
        if (p.AuthenticationMethod is { } am) { Id(0x15); w.WriteString(am); }
        if (p.AuthenticationData is { } ad) { Id(0x16); w.WriteBinary(ad.Span); }
        if (p.RequestProblemInformation is { } rpi) { Id(0x17); w.WriteByte(rpi); }
        if (p.WillDelayInterval is { } wdi) { Id(0x18); w.WriteUInt32(wdi); }
        if (p.RequestResponseInformation is { } rri) { Id(0x19); w.WriteByte(rri); }
        if (p.ResponseInformation is { } ri) { Id(0x1A); w.WriteString(ri); }
        if (p.ServerReference is { } sr) { Id(0x1C); w.WriteString(sr); }
        if (p.ReasonString is { } rs) { Id(0x1F); w.WriteString(rs); }
        if (p.ReceiveMaximum is { } rm) { Id(0x21); w.WriteUInt16(rm); }
        if (p.TopicAliasMaximum is { } tam) { Id(0x22); w.WriteUInt16(tam); }
        if (p.TopicAlias is { } ta) { Id(0x23); w.WriteUInt16(ta); }
        if (p.MaximumQoS is { } mq) { Id(0x24); w.WriteByte(mq); }
        if (p.RetainAvailable is { } ra) { Id(0x25); w.WriteByte(ra); }
        if (p.UserProperties is { } ups) foreach (var up in ups) { Id(0x26); w.WriteString(up.Name); w.WriteString(up.Value); }
        if (p.MaximumPacketSize is { } mps) { Id(0x27); w.WriteUInt32(mps); }
        if (p.WildcardSubscriptionAvailable is { } wsa) { Id(0x28); w.WriteByte(wsa); }
        if (p.SubscriptionIdentifiersAvailable is { } sia) { Id(0x29); w.WriteByte(sia); }
        if (p.SharedSubscriptionAvailable is { } ssa) { Id(0x2A); w.WriteByte(ssa); }
    }

    private static byte Bool(byte value, string what) =>
        value <= 1 ? value : throw new MqttProtocolException($"{what} must be 0 or 1 (got {value})");

    private static ushort NonZero(ushort value, string what) =>
        value != 0 ? value : throw new MqttProtocolException($"{what} must not be 0");
}
