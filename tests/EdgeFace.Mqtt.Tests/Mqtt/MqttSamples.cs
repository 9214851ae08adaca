using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Tests.Mqtt;

/// <summary>One or more valid instances of every packet type, used by round-trip and mutation-fuzz tests.</summary>
public static class MqttSamples
{
    public static IEnumerable<MqttPacket> All(MqttProtocolVersion v)
    {
        bool v5 = v == MqttProtocolVersion.V500;
        MqttProperties? P(MqttProperties p) => v5 ? p : null;
        yield return new ConnectPacket { ProtocolVersion = v, ClientId = "edge-1", KeepAliveSeconds = 30 };
        yield return new ConnectPacket
        {
            ProtocolVersion = v, ClientId = "edge-2", CleanSession = false, KeepAliveSeconds = 5, Username = "user", Password = "secret"u8.ToArray(),
            WillTopic = "edgeface/x/status", WillPayload = "offline"u8.ToArray(), WillQoS = MqttQualityOfService.AtLeastOnce, WillRetain = true,
            WillProperties = P(new MqttProperties { WillDelayInterval = 2, ContentType = "text/plain" }),
            Properties = P(new MqttProperties { SessionExpiryInterval = 3600, ReceiveMaximum = 20, MaximumPacketSize = 65536, UserProperties = [new("k", "v"), new("k", "w")] }),
        };
        yield return new ConnAckPacket { SessionPresent = true, ReasonCode = 0, Properties = P(new MqttProperties { AssignedClientIdentifier = "auto-1", ReceiveMaximum = 10, ServerKeepAlive = 20, MaximumQoS = 1, RetainAvailable = 1 }) };
        yield return new ConnAckPacket { ReasonCode = v5 ? (byte)0x86 : (byte)4 };
        yield return new PublishPacket { Topic = "a/b", Payload = "{\"seq\":1}"u8.ToArray() };
        yield return new PublishPacket { Topic = "a/ü", Payload = new byte[1000], QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 65535, Dup = true, Retain = true };
        yield return new PublishPacket
        {
            Topic = "req/x", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 7, Payload = ReadOnlyMemory<byte>.Empty,
            Properties = P(new MqttProperties { ResponseTopic = "resp/x", CorrelationData = new byte[] { 1, 2, 3 }, PayloadFormatIndicator = 1, MessageExpiryInterval = 60, SubscriptionIdentifiers = [1, 300] }),
        };
        yield return new PubAckPacket { PacketIdentifier = 1 };
        yield return new PubAckPacket { PacketIdentifier = 2, ReasonCode = v5 ? (byte)0x10 : (byte)0 };
        yield return new PubRecPacket { PacketIdentifier = 3, ReasonCode = v5 ? (byte)0x80 : (byte)0, Properties = P(new MqttProperties { ReasonString = "nope" }) };
        yield return new PubRelPacket { PacketIdentifier = 4 };
        yield return new PubCompPacket { PacketIdentifier = 5 };
        yield return new SubscribePacket
        {
            PacketIdentifier = 9, Filters = [new("a/+/c"), new("d/#", MqttQualityOfService.ExactlyOnce) { NoLocal = v5, RetainHandling = v5 ? (byte)2 : (byte)0 }],
            Properties = P(new MqttProperties { SubscriptionIdentifiers = [5] }),
        };
        yield return new SubAckPacket { PacketIdentifier = 9, ReasonCodes = [0, 1, 2, 0x80] };
        yield return new UnsubscribePacket { PacketIdentifier = 10, Filters = ["a/+/c", "x"] };
        yield return new UnsubAckPacket { PacketIdentifier = 10, ReasonCodes = v5 ? [0, 0x11] : [] };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
        if (v5)
        {
            yield return new DisconnectPacket { ReasonCode = 0x8E, Properties = new MqttProperties { ReasonString = "taken over", ServerReference = "other" } };
            yield return new AuthPacket { ReasonCode = 0x18, Properties = new MqttProperties { AuthenticationMethod = "SCRAM", AuthenticationData = new byte[] { 9 } } };
        }
    }
}
