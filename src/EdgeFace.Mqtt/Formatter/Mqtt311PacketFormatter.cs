using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Formatter;

/// <summary>MQTT 3.1.1 (protocol level 4): no properties, no reason codes on acknowledgements.</summary>
public sealed class Mqtt311PacketFormatter : MqttPacketFormatter
{
    public static readonly Mqtt311PacketFormatter Instance = new();

    public override MqttProtocolVersion Version => MqttProtocolVersion.V311;

    // 3.1.1 has no properties: anything the application set is simply not sent.
    protected override void WriteProperties(MqttBufferWriter w, MqttProperties? properties, PropertyContext context) { }
    protected override MqttProperties? ReadProperties(ref MqttBufferReader r, PropertyContext context) => null;

    protected override void WriteAckTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context) { }
    protected override (byte Code, MqttProperties? Properties) ReadAckTail(ref MqttBufferReader r, PropertyContext context) => (0, null);

    protected override void WriteDisconnectTail(MqttBufferWriter w, byte reasonCode, MqttProperties? properties, PropertyContext context) { }
    protected override (byte Code, MqttProperties? Properties) ReadDisconnectTail(ref MqttBufferReader r, PropertyContext context) => (0, null);

    protected override byte EncodeSubscriptionOptions(MqttTopicFilter filter) => (byte)filter.QualityOfService;

    protected override MqttTopicFilter DecodeSubscriptionOptions(string filter, byte options)
    {
        if ((options & 0xFC) != 0) throw new MqttProtocolException("SUBSCRIBE options use reserved bits");
        if (options == 3) throw new MqttProtocolException("SUBSCRIBE with QoS 3");
        return new MqttTopicFilter(filter, (MqttQualityOfService)options);
    }

    protected override bool IsValidSubAckCode(byte code) => code is 0 or 1 or 2 or 0x80;

    protected override void WriteUnsubAckTail(MqttBufferWriter w, UnsubAckPacket p) { }

    protected override UnsubAckPacket ReadUnsubAckTail(ref MqttBufferReader r, ushort packetIdentifier) =>
        new() { PacketIdentifier = packetIdentifier };
}
