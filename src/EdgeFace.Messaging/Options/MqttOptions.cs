using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>The <c>mqtt</c> section of the daemon configuration (snake_case in JSON).</summary>
public sealed class MqttOptions : IValidatable
{
    // Local-only: a remote request that switched the broker connection off would cut the device off from remote
    // configuration for good after the next restart.
    [Description("Publish events over MQTT.")]
    [LocalOnly]
    public bool Enabled { get; set; }

    [Description("Broker: mqtt[s]://[user:pass@]host[:port]. mqtts turns TLS on (as does tls.enabled).")]
    [LocalOnly]
    public string Url { get; set; } = "mqtt://localhost:1883";

    [Description("User name (overrides one in the URL).")]
    [LocalOnly]
    public string? Username { get; set; }

    [Description("Password (overrides one in the URL).")]
    [LocalOnly]
    public string? Password { get; set; }

    [Description("MQTT client id; empty uses edgeface-<device_id>.")]
    public string ClientId { get; set; } = "";

    [Description("Protocol version.")]
    [AllowedValues("3.1.1", "5")]
    public string Protocol { get; set; } = "3.1.1";

    [Description("Seconds between keep-alive pings when idle.")]
    [Range(5, 3600)]
    public int KeepAliveS { get; set; } = 30;

    [Description("Seconds to wait for the broker to acknowledge one event before the connection is taken as dead and opened again.")]
    [Range(1, 300)]
    [LocalOnly]
    public int PublishTimeoutS { get; set; } = 10;

    public MqttTlsSettings Tls { get; set; } = new();

    [Description("Topic prefix; empty uses edgeface/<device_id>.")]
    public string TopicPrefix { get; set; } = "";

    [Description("Include the 68 landmarks in face events.")]
    public bool IncludeLandmarks { get; set; }

    public LandmarksStreamOptions LandmarksStream { get; set; } = new();
    public OutboxOptions Outbox { get; set; } = new();
    public HomeAssistantOptions HomeAssistant { get; set; } = new();

    [Description("Seconds between stats messages.")]
    [Range(1, 86400)]
    public int StatsIntervalS { get; set; } = 60;

    /// <summary>The topic prefix in effect for <paramref name="deviceId"/>.</summary>
    public string EffectivePrefix(string deviceId) => TopicPrefix.Length > 0 ? TopicPrefix.TrimEnd('/') : $"edgeface/{deviceId}";

    public void Validate(string path, ConfigIssues issues)
    {
        if (!MqttUrl.TryParse(Url, out var url, out string? error)) issues.Add($"{path}.url", error!);
        DeclaredLimits.Check(path, this, issues);
        if (TopicPrefix.AsSpan().IndexOfAny('+', '#') >= 0 || TopicPrefix.StartsWith('/')) issues.Add($"{path}.topic_prefix", "must not contain '+' or '#' or start with '/'");
        Tls.Validate($"{path}.tls", issues, url);
        LandmarksStream.Validate($"{path}.landmarks_stream", issues);
        Outbox.Validate($"{path}.outbox", issues);
        HomeAssistant.Validate($"{path}.home_assistant", issues);
    }
}
