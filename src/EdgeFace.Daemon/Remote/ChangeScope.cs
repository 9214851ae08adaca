using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Hosting;

namespace EdgeFace.Remote;

/// <summary>
/// What a configuration change needs: applied live, a stage rebuilt, or a process restart. Decided from the
/// effective configuration before and after the change (defaults filled in), not from the keys a request names:
/// <c>{"detection":null}</c> switches landmarks back on without naming them.
/// </summary>
public static class ChangeScope
{
    /// <summary>Sections whose change rebuilds the models stage.</summary>
    private static readonly string[] ModelSections = ["models", "inference"];

    /// <summary>Sections set up once per process.</summary>
    private static readonly string[] ProcessSections = ["metrics", "device_id"];

    /// <summary>MQTT options the running service reads per message, so a change needs no restart.</summary>
    public static readonly string[] LiveMqttKeys = ["include_landmarks", "landmarks_stream", "stats_interval_s"];

    public static (RestartScope Stages, bool ProcessRestart) Of(JsonObject before, JsonObject after)
    {
        var a = ConfigLoader.Normalize(before);
        var b = ConfigLoader.Normalize(after);
        bool Changed(JsonNode? x, JsonNode? y) => !JsonNode.DeepEquals(x, y);
        var scope = RestartScope.None;
        if (ModelSections.Any(s => Changed(a[s], b[s])) || Changed(a["detection"]?["landmarks"], b["detection"]?["landmarks"]))
            scope |= RestartScope.Models;
        if (Changed(a["gpio"], b["gpio"])) scope |= RestartScope.Gpio;
        // What events carry and how often stats go out are read per message: live. The broker connection, topic
        // layout, outbox and discovery are set up once per process.
        bool process = ProcessSections.Any(s => Changed(a[s], b[s])) || MqttNeedsRestart(a["mqtt"] as JsonObject, b["mqtt"] as JsonObject);
        return (scope, process);
    }

    private static bool MqttNeedsRestart(JsonObject? before, JsonObject? after)
    {
        var keys = new HashSet<string>((before ?? []).Select(kv => kv.Key).Concat((after ?? []).Select(kv => kv.Key)));
        return keys.Any(k => !LiveMqttKeys.Contains(k) && !JsonNode.DeepEquals(before?[k], after?[k]));
    }
}
