using System.ComponentModel;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>TLS files (PEM). TLS is on for mqtts:// URLs or when ca_file is set.</summary>
public sealed class MqttTlsSettings : IValidatable
{
    [Description("CA certificate(s) the broker certificate must chain to; empty uses the system store.")]
    [LocalOnly]
    public string? CaFile { get; set; }

    [Description("Client certificate for mutual TLS.")]
    [LocalOnly]
    public string? CertFile { get; set; }

    [Description("Private key of the client certificate.")]
    [LocalOnly]
    public string? KeyFile { get; set; }

    [Description("Name the broker certificate must carry; empty uses the URL host.")]
    [LocalOnly]
    public string? ServerName { get; set; }

    public void Validate(string path, ConfigIssues issues)
    {
        foreach (var (name, file) in new[] { ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile) })
            if (!string.IsNullOrEmpty(file) && !File.Exists(file)) issues.Add($"{path}.{name}", $"file not found: {file}");
        if (string.IsNullOrEmpty(CertFile) != string.IsNullOrEmpty(KeyFile)) issues.Add($"{path}.key_file", "cert_file and key_file go together");
    }
}
