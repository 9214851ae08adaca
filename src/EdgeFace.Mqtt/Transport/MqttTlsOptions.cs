namespace EdgeFace.Mqtt.Transport;

/// <summary>TLS settings. All files are PEM.</summary>
public sealed record MqttTlsOptions
{
    /// <summary>CA certificate(s) that must anchor the broker's chain; null uses the system trust store.</summary>
    public string? CaFile { get; init; }
    /// <summary>Client certificate for mutual TLS (needs <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    /// <summary>Name the broker certificate must carry; defaults to the host connected to.</summary>
    public string? ServerName { get; init; }
}
