using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>Home Assistant MQTT discovery.</summary>
public sealed class HomeAssistantOptions : IValidatable
{
    /// <summary>One retained config message per entity, under its platform (every Home Assistant version).</summary>
    public const string PerComponent = "per_component";
    /// <summary>One retained config message for the whole device (Home Assistant 2024.11 and newer).</summary>
    public const string PerDevice = "device";

    [Description("Announce the device to Home Assistant via MQTT discovery.")]
    public bool Enabled { get; set; } = true;

    [Description("Home Assistant discovery prefix.")]
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    // per_component is the default: Home Assistant before 2024.11 ignores device-based discovery (a log line, no
    // entities), while per-component discovery still works on every newer version.
    [Description("per_component: one discovery message per entity (any Home Assistant version); device: one message for the whole device (Home Assistant 2024.11 or newer).")]
    [AllowedValues(PerComponent, PerDevice)]
    public string Discovery { get; set; } = PerComponent;

    [Description("Milliseconds without any face before 'Face present' turns off (bridges missed detections).")]
    [Range(0, 600000)]
    public int PresenceOffDelayMs { get; set; } = 3000;

    [Description("Milliseconds a face must be seen without a gap before 'Face present' turns on (0: at once).")]
    [Range(0, 600000)]
    public int PresenceOnDelayMs { get; set; }

    [Description("Eyes closed for this many milliseconds fire the 'eyes closed' device trigger and a 'drowsy' event.")]
    [Range(100, 600000)]
    public int EyesClosedTriggerMs { get; set; } = 2000;

    [Description("Least milliseconds between two messages on the retained state topic (it is sent only when it changed).")]
    [Range(100, 3600000)]
    public int StateMinIntervalMs { get; set; } = 1000;

    // Not local-only: any broker client may publish discovery messages itself, so guarding this link would protect
    // nothing. No default is derived: the only HTTP endpoint is /metrics (Prometheus text, not a configuration page), on
    // loopback unless configured otherwise, and from a wildcard bind the device cannot tell which address HA reaches.
    [Description("Link Home Assistant shows for the device (absolute http or https URL); empty: none.")]
    public string ConfigurationUrl { get; set; } = "";

    public void Validate(string path, ConfigIssues issues)
    {
        if (DiscoveryPrefix.Length == 0 || DiscoveryPrefix.AsSpan().IndexOfAny('+', '#') >= 0)
            issues.Add($"{path}.discovery_prefix", "must be a non-empty topic without wildcards");
        DeclaredLimits.Check(path, this, issues);
        if (ConfigurationUrl.Length > 0 && !(Uri.TryCreate(ConfigurationUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            issues.Add($"{path}.configuration_url", "must be an absolute http:// or https:// URL");
    }
}
