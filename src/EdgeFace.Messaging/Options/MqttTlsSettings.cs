using System.ComponentModel;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>
/// TLS to the broker. One rule, read from the local file only: TLS is on exactly when the URL is mqtts:// or
/// <see cref="Enabled"/> is true. The files below never switch it on by themselves; setting them while TLS is
/// off is a validation error, so a device never sends its credentials in clear text believing it uses TLS.
/// </summary>
public sealed class MqttTlsSettings : IValidatable
{
    [Description("Use TLS even with an mqtt:// URL (mqtts:// always uses TLS).")]
    [LocalOnly]
    public bool Enabled { get; set; }

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

    /// <summary>Whether TLS is on for <paramref name="url"/>: the scheme says so, or <see cref="Enabled"/> does.</summary>
    public bool IsOn(MqttUrl url) => url.Tls || Enabled;

    /// <summary>Validates the files, and that none is set while <paramref name="url"/> and <see cref="Enabled"/> leave TLS off.</summary>
    public void Validate(string path, ConfigIssues issues, MqttUrl? url)
    {
        Validate(path, issues);
        if (url is null || IsOn(url)) return;
        // The files are what used to switch TLS on, so a file set under plain MQTT means someone believes TLS is on:
        // refuse. A server name alone has no such history and no effect; MqttService logs a warning for it.
        foreach (var (name, value) in new[] { ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile) })
            if (!string.IsNullOrEmpty(value))
                issues.Add($"{path}.{name}", "is set but TLS is off: use an mqtts:// URL or set tls.enabled to true (TLS settings never switch TLS on by themselves)");
    }

    public void Validate(string path, ConfigIssues issues)
    {
        foreach (var (name, file) in new[] { ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile) })
            if (!string.IsNullOrEmpty(file) && !File.Exists(file)) issues.Add($"{path}.{name}", $"file not found: {file}");
        if (string.IsNullOrEmpty(CertFile) != string.IsNullOrEmpty(KeyFile)) issues.Add($"{path}.key_file", "cert_file and key_file go together");
    }
}
