using System.Net;
using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Device.Metrics;

/// <summary>The <c>metrics</c> section: an optional Prometheus <c>/metrics</c> endpoint.</summary>
public sealed class MetricsOptions : IValidatable
{
    /// <summary>Off by default: the endpoint exists only when asked for.</summary>
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }
    /// <summary>Loopback by default; binding other addresses exposes the device's statistics to the network.</summary>
    [JsonPropertyName("bind"), LocalOnly] public string Bind { get; set; } = "127.0.0.1";
    [JsonPropertyName("port"), LocalOnly] public int Port { get; set; } = 9464;

    public void Validate(string path, ConfigIssues issues)
    {
        if (!IPAddress.TryParse(Bind, out _)) issues.Add($"{path}.bind", $"must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{Bind}')");
        issues.Range($"{path}.port", Port, 1, 65535);
    }
}
