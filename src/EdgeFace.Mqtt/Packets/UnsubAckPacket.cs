namespace EdgeFace.Mqtt.Packets;

/// <summary>UNSUBACK: 3.1.1 carries only the identifier; 5.0 adds one reason code per filter.</summary>
public sealed record UnsubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
    public ushort PacketIdentifier { get; init; }
    public IReadOnlyList<byte> ReasonCodes { get; init; } = [];
    public MqttProperties? Properties { get; init; }

    public bool Equals(UnsubAckPacket? o) => o is not null && PacketIdentifier == o.PacketIdentifier &&
        ReasonCodes.SequenceEqual(o.ReasonCodes) && Equals(Properties, o.Properties);
    public override int GetHashCode() => HashCode.Combine(PacketIdentifier, ReasonCodes.Count);
}
