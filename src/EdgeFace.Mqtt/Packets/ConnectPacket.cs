namespace EdgeFace.Mqtt.Packets;

/// <summary>CONNECT: first packet a client sends.</summary>
public sealed record ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;
    public required string ClientId { get; init; }
    /// <summary>3.1.1 "clean session", 5.0 "clean start".</summary>
    public bool CleanSession { get; init; } = true;
    public ushort KeepAliveSeconds { get; init; }
    public string? Username { get; init; }
    public ReadOnlyMemory<byte>? Password { get; init; }
    public string? WillTopic { get; init; }
    public ReadOnlyMemory<byte> WillPayload { get; init; }
    public MqttQualityOfService WillQoS { get; init; }
    public bool WillRetain { get; init; }
    public MqttProperties? WillProperties { get; init; }
    public MqttProperties? Properties { get; init; }

    public bool Equals(ConnectPacket? o) => o is not null && ProtocolVersion == o.ProtocolVersion && ClientId == o.ClientId &&
        CleanSession == o.CleanSession && KeepAliveSeconds == o.KeepAliveSeconds && Username == o.Username &&
        MqttProperties.BytesEqual(Password, o.Password) && WillTopic == o.WillTopic && WillPayload.Span.SequenceEqual(o.WillPayload.Span) &&
        WillQoS == o.WillQoS && WillRetain == o.WillRetain && Equals(WillProperties, o.WillProperties) && Equals(Properties, o.Properties);

    public override int GetHashCode() => HashCode.Combine(ClientId, KeepAliveSeconds);
}
