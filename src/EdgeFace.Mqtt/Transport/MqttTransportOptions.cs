namespace EdgeFace.Mqtt.Transport;

/// <summary>Where the broker is and how to reach it.</summary>
public sealed record MqttTransportOptions
{
    public required string Host { get; init; }
    /// <summary>0 means the default: 1883, or 8883 with TLS.</summary>
    public int Port { get; init; }
    /// <summary>Non-null turns TLS on.</summary>
    public MqttTlsOptions? Tls { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int EffectivePort => Port != 0 ? Port : Tls is null ? 1883 : 8883;
}
