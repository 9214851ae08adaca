namespace EdgeFace.Mqtt.Packets;

/// <summary>AUTH (5.0 only): extended authentication exchange. Decoded so it can be refused with a clear reason.</summary>
public sealed record AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;
    public byte ReasonCode { get; init; }
    public MqttProperties? Properties { get; init; }
}
