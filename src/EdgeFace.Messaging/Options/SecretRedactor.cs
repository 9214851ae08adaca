using System.Text.Json.Nodes;

namespace EdgeFace.Messaging.Options;

/// <summary>Removes secrets from configuration before it leaves the device (config topic, logs).</summary>
public static class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>Names of fields (snake_case) whose values are always masked.</summary>
    public static readonly IReadOnlySet<string> SecretFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "secret", "token", "key_file", "api_key",
    };

    /// <summary>Returns a copy of <paramref name="config"/> with secret fields masked and passwords cut out of URLs.</summary>
    public static JsonNode? Redact(JsonNode? config)
    {
        var copy = config?.DeepClone();
        Walk(copy);
        return copy;
    }

    /// <summary>Masks the secrets of an <see cref="MqttOptions"/> in place on a copy.</summary>
    public static MqttOptions Redact(MqttOptions o) => new()
    {
        Enabled = o.Enabled, Url = MqttUrl.Redact(o.Url), Username = o.Username, Password = o.Password is null ? null : Mask,
        ClientId = o.ClientId, Protocol = o.Protocol, KeepAliveS = o.KeepAliveS,
        Tls = new MqttTlsSettings { CaFile = o.Tls.CaFile, CertFile = o.Tls.CertFile, KeyFile = o.Tls.KeyFile is null ? null : Mask, ServerName = o.Tls.ServerName },
        TopicPrefix = o.TopicPrefix, IncludeLandmarks = o.IncludeLandmarks, LandmarksStream = o.LandmarksStream, Outbox = o.Outbox,
        HomeAssistant = o.HomeAssistant, StatsIntervalS = o.StatsIntervalS,
    };

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is null) continue;
                    if (SecretFields.Contains(name) && value is JsonValue) obj[name] = Mask;
                    else if (name == "url" && value is JsonValue v && v.TryGetValue(out string? s)) obj[name] = MqttUrl.Redact(s);
                    else Walk(value);
                }
                break;
            case JsonArray arr:
                foreach (var item in arr) Walk(item);
                break;
        }
    }
}
