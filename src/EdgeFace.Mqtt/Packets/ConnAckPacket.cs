namespace EdgeFace.Mqtt.Packets;

/// <summary>CONNACK: the broker's answer to CONNECT.</summary>
public sealed record ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
    public bool SessionPresent { get; init; }
    /// <summary>3.1.1 return code (0 = accepted, 1..5 refused) or 5.0 reason code (0 = success, ≥ 0x80 failure).</summary>
    public byte ReasonCode { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool IsSuccess => ReasonCode == 0;
}
