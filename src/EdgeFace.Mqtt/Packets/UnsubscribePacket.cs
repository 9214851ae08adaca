namespace EdgeFace.Mqtt.Packets;

/// <summary>UNSUBSCRIBE: one or more topic filters to drop.</summary>
public sealed record UnsubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
    public ushort PacketIdentifier { get; init; }
    public required IReadOnlyList<string> Filters { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool Equals(UnsubscribePacket? o) => o is not null && PacketIdentifier == o.PacketIdentifier &&
        Filters.SequenceEqual(o.Filters) && Equals(Properties, o.Properties);
    public override int GetHashCode() => HashCode.Combine(PacketIdentifier, Filters.Count);
}
