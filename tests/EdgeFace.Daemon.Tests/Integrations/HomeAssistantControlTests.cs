using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Hosting;
using EdgeFace.Messaging;
using EdgeFace.Messaging.HomeAssistant;
using EdgeFace.Messaging.Requests;
using EdgeFace.Remote;
using EdgeFace.TestSupport;

namespace EdgeFace.Daemon.Tests.Integrations;

/// <summary>
/// Home Assistant's switch, number and button send exactly what their discovery messages say; here those payloads go
/// through the daemon's own request handler (validation, local-only guard) on a running daemon with the real models.
/// </summary>
public sealed class HomeAssistantControlTests
{
    private static readonly EdgeFaceTopics Topics = new("edgeface/ha-test");
    private static readonly IReadOnlyList<DiscoveryComponent> Components = HomeAssistantDiscovery.Components(Topics, "ha-test", HomeAssistantDevice.Unknown);

    private static JsonObject Control(string key) => Components.Single(c => c.Key == key).Config;

    private static async Task<RequestResult> Send(RemoteRequestHandler handler, JsonObject control, string payload)
    {
        string topic = control["command_topic"]!.GetValue<string>();
        Assert.StartsWith(Topics.RequestPrefix, topic);   // controls use the request topics, nothing of their own
        return await handler.HandleAsync(topic[Topics.RequestPrefix.Length..], JsonDocument.Parse(payload).RootElement, CancellationToken.None);
    }

    /// <summary>What the control's state template reads, from the daemon's effective configuration (defaults filled in).</summary>
    private static JsonNode? StateValue(DaemonHost host, string path)
    {
        JsonNode? node = ConfigLoader.Normalize(host.Effective);
        foreach (var part in path.Split('.')) node = node?[part];
        return node;
    }

    [Fact]
    public void Every_control_payload_passes_the_local_only_guard_and_validation()
    {
        var defaults = ConfigLoader.Defaults();
        var payloads = new[]
        {
            Control("detection")["payload_on"]!.GetValue<string>(), Control("detection")["payload_off"]!.GetValue<string>(),
            Control("score_threshold")["command_template"]!.GetValue<string>().Replace("{{ value }}", "0.42"),
        };
        foreach (var p in payloads)
        {
            var patch = JsonNode.Parse(p)!.AsObject();
            Assert.Empty(LocalOnlyGuard.Refused(defaults, patch));
            Assert.True(ConfigLoader.Validate(JsonMerge.Apply((JsonObject)defaults.DeepClone(), patch), new(), ["remote"]).IsValid, p);
        }
        // the state templates read keys that exist in the published configuration
        Assert.Contains("value_json.detection.enabled", Control("detection")["value_template"]!.GetValue<string>());
        Assert.NotNull(ConfigLoader.Normalize(defaults)["detection"]!["enabled"]);
        Assert.Equal("{}", Control("restart")["payload_press"]!.GetValue<string>());
        Assert.Equal(Topics.RequestPrefix + "restart", Control("restart")["command_topic"]!.GetValue<string>());
    }

    [RequiresOnnxRuntimeFact]
    public async Task The_switch_number_and_button_change_the_running_daemon_through_the_request_handler()
    {
        await using var host = new DaemonHost(new EdgeFaceConfig { Source = "demo" }, new RunRequest(0, JsonToStdout: false, ConfigPath: null));
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.RunAsync(stop.Token));
        Assert.True(await Wait.ForAsync(() => host.Health()["camera"]!.GetValue<string>() == "streaming", TimeSpan.FromSeconds(30)));
        var handler = new RemoteRequestHandler(host);

        // switch off: detection stops, the state template reads OFF
        long running = host.Counters!.Detected;
        Assert.True(await Wait.ForAsync(() => host.Counters!.Detected > running + 3, TimeSpan.FromSeconds(20)), "detection was not running before");
        var off = await Send(handler, Control("detection"), Control("detection")["payload_off"]!.GetValue<string>());
        Assert.True(off.Ok, off.Error);
        Assert.False(host.Config.Detection.Enabled);
        Assert.False(StateValue(host, "detection.enabled")!.GetValue<bool>());
        await Task.Delay(500);   // the pause reaches the loop between frames
        long detected = host.Counters!.Detected;
        await Task.Delay(1500);
        Assert.InRange(host.Counters!.Detected, detected, detected + 1);   // at most a frame already under way

        // switch on again: detection resumes
        var on = await Send(handler, Control("detection"), Control("detection")["payload_on"]!.GetValue<string>());
        Assert.True(on.Ok, on.Error);
        Assert.True(await Wait.ForAsync(() => host.Counters!.Detected > detected + 3, TimeSpan.FromSeconds(20)), "detection did not resume");

        // number: the template with Home Assistant's value; out of range is refused by validation
        string template = Control("score_threshold")["command_template"]!.GetValue<string>();
        var set = await Send(handler, Control("score_threshold"), template.Replace("{{ value }}", "0.55"));
        Assert.True(set.Ok, set.Error);
        Assert.Equal(0.55, host.Config.Detection.ScoreThreshold);
        Assert.Equal(0.55, StateValue(host, "detection.score_threshold")!.GetValue<double>());
        var tooHigh = await Send(handler, Control("score_threshold"), template.Replace("{{ value }}", "1.5"));
        Assert.False(tooHigh.Ok);
        Assert.Equal(0.55, host.Config.Detection.ScoreThreshold);

        // button: a restart request, answered once the camera streams again
        var restart = await Send(handler, Control("restart"), Control("restart")["payload_press"]!.GetValue<string>());
        Assert.True(restart.Ok, restart.Error);

        stop.Cancel();
        await run;
    }
}
