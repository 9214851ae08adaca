namespace EdgeFace.Mqtt.Packets;

/// <summary>DISCONNECT: orderly close (the broker then discards the Last Will). 5.0 adds a reason code.</summary>
public sealed record DisconnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;
    public byte ReasonCode { get; init; }
    public MqttProperties? Properties { get; init; }
}
