using System.Text.Json.Nodes;
using EdgeFace.Hosting;

namespace EdgeFace.Remote;

/// <summary>What a configuration change needs: applied live, a stage rebuilt, or a process restart.</summary>
public static class ChangeScope
{
    /// <summary>Sections whose change rebuilds the models stage.</summary>
    private static readonly string[] ModelKeys = ["models", "inference"];

    /// <summary>MQTT options the running service reads per message, so a change needs no restart.</summary>
    public static readonly string[] LiveMqttKeys = ["include_landmarks", "landmarks_stream", "stats_interval_s"];

    public static (RestartScope Stages, bool ProcessRestart) Of(JsonObject patch)
    {
        var scope = RestartScope.None;
        bool process = false;
        foreach (var (key, value) in patch)
        {
            if (ModelKeys.Contains(key)) scope |= RestartScope.Models;
            else if (key == "detection" && value is JsonObject d && d.ContainsKey("landmarks")) scope |= RestartScope.Models;
            else if (key == "gpio") scope |= RestartScope.Gpio;
            // What events carry and how often stats go out are read per message: live. The broker connection,
            // topic layout, outbox and discovery are set up once per process.
            else if (key == "mqtt" && value is JsonObject m && m.All(kv => LiveMqttKeys.Contains(kv.Key))) { }
            else if (key is "mqtt" or "metrics" or "device_id") process = true;
        }
        return (scope, process);
    }
}
