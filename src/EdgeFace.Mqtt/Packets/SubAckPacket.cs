namespace EdgeFace.Mqtt.Packets;

/// <summary>SUBACK: one return/reason code per filter (granted QoS 0..2, or ≥ 0x80 for failure).</summary>
public sealed record SubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
    public ushort PacketIdentifier { get; init; }
    public required IReadOnlyList<byte> ReasonCodes { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool Equals(SubAckPacket? o) => o is not null && PacketIdentifier == o.PacketIdentifier &&
        ReasonCodes.SequenceEqual(o.ReasonCodes) && Equals(Properties, o.Properties);
    public override int GetHashCode() => HashCode.Combine(PacketIdentifier, ReasonCodes.Count);
}
