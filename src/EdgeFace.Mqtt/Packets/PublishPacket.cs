namespace EdgeFace.Mqtt.Packets;

/// <summary>PUBLISH: an application message in either direction.</summary>
public sealed record PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QualityOfService { get; init; }
    public bool Retain { get; init; }
    /// <summary>Set when this is a re-send of a packet that may already have arrived.</summary>
    public bool Dup { get; init; }
    /// <summary>Zero for QoS 0.</summary>
    public ushort PacketIdentifier { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool Equals(PublishPacket? o) => o is not null && Topic == o.Topic && Payload.Span.SequenceEqual(o.Payload.Span) &&
        QualityOfService == o.QualityOfService && Retain == o.Retain && Dup == o.Dup && PacketIdentifier == o.PacketIdentifier &&
        Equals(Properties, o.Properties);

    public override int GetHashCode() => HashCode.Combine(Topic, PacketIdentifier, Payload.Length);
}
