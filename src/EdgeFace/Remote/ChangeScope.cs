using System.Text.Json.Nodes;
using EdgeFace.Hosting;

namespace EdgeFace.Remote;

/// <summary>What a configuration change needs: applied live, a stage rebuilt, or a process restart.</summary>
public static class ChangeScope
{
    /// <summary>Sections whose change rebuilds the models stage.</summary>
    private static readonly string[] ModelKeys = ["models", "inference"];

    public static (RestartScope Stages, bool ProcessRestart) Of(JsonObject patch)
    {
        var scope = RestartScope.None;
        bool process = false;
        foreach (var (key, value) in patch)
        {
            if (ModelKeys.Contains(key)) scope |= RestartScope.Models;
            else if (key == "detection" && value is JsonObject d && d.ContainsKey("landmarks")) scope |= RestartScope.Models;
            else if (key == "gpio") scope |= RestartScope.Gpio;
            // Broker connection settings, topic layout and the metrics listener are set up once per process.
            else if (key is "mqtt" or "metrics" or "device_id" or "log_level") process = true;
        }
        return (scope, process);
    }
}
