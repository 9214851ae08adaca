using System.ComponentModel;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>Home Assistant MQTT discovery.</summary>
public sealed class HomeAssistantOptions : IValidatable
{
    [Description("Announce the device to Home Assistant via MQTT discovery.")]
    public bool Enabled { get; set; } = true;

    [Description("Home Assistant discovery prefix.")]
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    public void Validate(string path, ConfigIssues issues)
    {
        if (DiscoveryPrefix.Length == 0 || DiscoveryPrefix.AsSpan().IndexOfAny('+', '#') >= 0)
            issues.Add($"{path}.discovery_prefix", "must be a non-empty topic without wildcards");
    }
}
