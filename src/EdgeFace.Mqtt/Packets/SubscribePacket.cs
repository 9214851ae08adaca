namespace EdgeFace.Mqtt.Packets;

/// <summary>One topic filter of a SUBSCRIBE with its options (NoLocal / RetainAsPublished / RetainHandling are 5.0 only).</summary>
public sealed record MqttTopicFilter(string Filter, MqttQualityOfService QualityOfService = MqttQualityOfService.AtLeastOnce)
{
    public bool NoLocal { get; init; }
    public bool RetainAsPublished { get; init; }
    public byte RetainHandling { get; init; }
}

/// <summary>SUBSCRIBE: one or more topic filters.</summary>
public sealed record SubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
    public ushort PacketIdentifier { get; init; }
    public required IReadOnlyList<MqttTopicFilter> Filters { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool Equals(SubscribePacket? o) => o is not null && PacketIdentifier == o.PacketIdentifier &&
        Filters.SequenceEqual(o.Filters) && Equals(Properties, o.Properties);
    public override int GetHashCode() => HashCode.Combine(PacketIdentifier, Filters.Count);
}
