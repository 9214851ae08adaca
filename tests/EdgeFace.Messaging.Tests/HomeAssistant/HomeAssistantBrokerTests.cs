using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Core.Events;
using EdgeFace.Messaging.HomeAssistant;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Tests.Fixtures;
using EdgeFace.TestSupport;
using Xunit.Abstractions;

namespace EdgeFace.Messaging.Tests.HomeAssistant;

/// <summary>Home Assistant discovery, presence and state against a real mosquitto, read back with mosquitto_sub.</summary>
public class HomeAssistantBrokerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly HomeAssistantDevice Pi = new("Raspberry Pi 5 Model B Rev 1.0", "8f3a2c1d", "http://kitchen-pi.lan:8080/", HasTemperatureSensor: true);

    private static MqttOptions Options(MosquittoBroker broker, TempDirectory dir, Action<HomeAssistantOptions>? ha = null)
    {
        var o = new MqttOptions
        {
            Enabled = true, Url = $"mqtt://127.0.0.1:{broker.Port}", KeepAliveS = 5,
            Outbox = new OutboxOptions { Path = dir.File("outbox") },
        };
        ha?.Invoke(o.HomeAssistant);
        return o;
    }

    private static (string Topic, JsonObject Payload) Parse(string line)
    {
        // mosquitto_sub -F "%r %t %p"
        int first = line.IndexOf(' '), second = line.IndexOf(' ', first + 1);
        return (line[(first + 1)..second], JsonNode.Parse(line[(second + 1)..])!.AsObject());
    }

    /// <summary>Reads every discovery message back from the broker once all of them are there.</summary>
    private static async Task<List<(string Topic, JsonObject Payload)>> DiscoveryAsync(RunningTool sub, int expected)
    {
        await Eventually.Until(() => MosquittoSub.Messages(sub).Count(l => l.Contains(" homeassistant/") && l.EndsWith('}')) >= expected, 15);
        return MosquittoSub.Messages(sub).Where(l => l.Contains(" homeassistant/") && l.EndsWith('}')).Select(Parse).ToList();
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Per_component_discovery_messages_match_the_home_assistant_schema()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "homeassistant/#");
        var options = Options(broker, dir);
        Assert.Equal(HomeAssistantOptions.PerComponent, options.HomeAssistant.Discovery);   // the default, for HA before 2024.11
        await using var service = new MqttService(options, "kitchen-pi", device: Pi);
        await service.StartAsync();
        int expected = HomeAssistantDiscovery.Components(service.Topics, "kitchen-pi", Pi).Count;
        var messages = await DiscoveryAsync(sub, expected);
        Assert.Equal(expected, messages.Count);
        var schema = DiscoverySchema.Load();
        var errors = new List<string>();
        foreach (var (topic, payload) in messages)
        {
            output.WriteLine($"{topic} {payload.ToJsonString()}");
            var parts = topic.Split('/');   // homeassistant/<platform>/edgeface_kitchen-pi/<key>/config
            Assert.Equal(5, parts.Length);
            Assert.Equal("edgeface_kitchen-pi", parts[2]);
            errors.AddRange(schema.CheckComponentMessage(parts[1], payload).Select(e => $"{topic}: {e}"));
            Assert.Equal(1, payload["qos"]!.GetValue<int>());
            var dev = payload["dev"]!.AsObject();
            Assert.Equal("Raspberry Pi 5 Model B Rev 1.0", dev["hw"]!.GetValue<string>());
            Assert.Equal("8f3a2c1d", dev["sn"]!.GetValue<string>());
            Assert.Equal("http://kitchen-pi.lan:8080/", dev["cu"]!.GetValue<string>());
        }
        Assert.Empty(errors);
        Assert.Contains(messages, m => m.Topic.EndsWith("/soc_temperature/config"));
        // unique ids do not repeat (device triggers have none)
        var ids = messages.Where(m => !m.Topic.Contains("/device_automation/")).Select(m => m.Payload["unique_id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Device_based_discovery_matches_the_schema_and_every_component_has_its_own_qos()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "homeassistant/#");
        await using var service = new MqttService(Options(broker, dir, ha => ha.Discovery = HomeAssistantOptions.PerDevice), "kitchen-pi", device: Pi);
        await service.StartAsync();
        var messages = await DiscoveryAsync(sub, 1);
        await Task.Delay(300);
        messages = MosquittoSub.Messages(sub).Where(l => l.Contains(" homeassistant/") && l.EndsWith('}')).Select(Parse).ToList();
        var (topic, payload) = Assert.Single(messages);
        output.WriteLine($"{topic} {payload.ToJsonString()}");
        Assert.Equal("homeassistant/device/edgeface_kitchen-pi/config", topic);
        Assert.Empty(DiscoverySchema.Load().CheckDeviceMessage(payload));
        var cmps = payload["cmps"]!.AsObject();
        Assert.Equal(HomeAssistantDiscovery.Components(service.Topics, "kitchen-pi", Pi).Count, cmps.Count);
        Assert.All(cmps, c => Assert.Equal(1, c.Value!["qos"]!.GetValue<int>()));
        Assert.Equal("Raspberry Pi 5 Model B Rev 1.0", payload["dev"]!["hw"]!.GetValue<string>());
    }

    [Fact]
    public void The_schema_check_finds_unknown_keys_missing_required_ones_and_doubled_abbreviations()
    {
        var schema = DiscoverySchema.Load();
        var bad = JsonNode.Parse("""{"name":"x","stat_t":"a","state_topic":"b","frobnicate":1,"dev":{"name":"d","hw_ver":"1"},"o":{"sw":"1"}}""")!.AsObject();
        var errors = schema.CheckComponentMessage("sensor", bad);
        Assert.Contains(errors, e => e.Contains("state_topic given twice"));
        Assert.Contains(errors, e => e.Contains("'frobnicate'"));
        Assert.Contains(errors, e => e.Contains("'hw_ver'"));
        Assert.Contains(errors, e => e.Contains("needs identifiers or connections"));
        Assert.Contains(errors, e => e.Contains("origin: missing name"));
        Assert.Contains(schema.CheckComponentMessage("event", JsonNode.Parse("""{"stat_t":"a"}""")!.AsObject()), e => e.Contains("missing required event_types"));
        Assert.Contains(schema.CheckComponentMessage("device_automation", JsonNode.Parse("""{"atype":"trigger","t":"a","type":"x","stype":"y","name":"n"}""")!.AsObject()),
            e => e.Contains("missing required device") || e.Contains("'name'"));
        Assert.Contains(schema.CheckComponentMessage("light", JsonNode.Parse("""{"cmd_t":"a"}""")!.AsObject()), e => e.Contains("unknown platform"));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Without_a_sensor_no_temperature_entity_and_no_board_facts_are_announced()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "homeassistant/#");
        await using var service = new MqttService(Options(broker, dir), "vm1");   // device facts unknown
        await service.StartAsync();
        var messages = await DiscoveryAsync(sub, HomeAssistantDiscovery.Components(service.Topics, "vm1", HomeAssistantDevice.Unknown).Count);
        Assert.DoesNotContain(messages, m => m.Topic.Contains("temperature") || m.Payload.ToJsonString().Contains("soc_temp"));
        Assert.All(messages, m =>
        {
            var dev = m.Payload["dev"]!.AsObject();
            Assert.False(dev.ContainsKey("hw") || dev.ContainsKey("sn") || dev.ContainsKey("cu"));
        });
        Assert.Empty(messages.SelectMany(m => DiscoverySchema.Load().CheckComponentMessage(m.Topic.Split('/')[1], m.Payload)));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task State_goes_out_only_on_change_and_at_most_once_per_interval()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/rate/+");
        await using var service = new MqttService(Options(broker, dir, ha => ha.StateMinIntervalMs = 1000), "rate");
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);
        // A face count that changes on every frame at 50 fps for 3 s (the real run sent state 5 times a second).
        var sw = Stopwatch.StartNew();
        int n = 0;
        while (sw.ElapsedMilliseconds < 3000) { service.UpdatePresence(1 + n++ % 3); await Task.Delay(20); }
        service.UpdatePresence(2);
        long stoppedAt = sw.ElapsedMilliseconds;
        await Task.Delay(2500);
        var state = MosquittoSub.Messages(sub).Where(l => l.StartsWith("0 edgeface/rate/state ")).ToList();
        output.WriteLine($"{n} updates over {stoppedAt} ms; {state.Count} state messages:\n{string.Join('\n', state)}");
        Assert.InRange(state.Count, 2, 1 + (int)((stoppedAt + 2500) / 1000));
        Assert.Contains("\"faces\":2", state[^1]);   // the latest value goes out once the interval has passed
        // presence never changed (a repeat of the same retained value on connect is no change)
        Assert.Equal(["0 edgeface/rate/presence ON"], MosquittoSub.Messages(sub).Where(l => l.StartsWith("0 edgeface/rate/presence ")).Distinct());
        // nothing changes: nothing is sent
        int before = state.Count;
        service.UpdatePresence(2);
        await Task.Delay(1500);
        Assert.Equal(before, MosquittoSub.Messages(sub).Count(l => l.StartsWith("0 edgeface/rate/state ")));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Before_the_first_sample_the_state_has_nulls_not_zeros_and_presence_turns_off_after_the_delay()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/zero/+");
        await using var service = new MqttService(Options(broker, dir, ha => { ha.StateMinIntervalMs = 100; ha.PresenceOffDelayMs = 800; }), "zero");
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);
        await Task.Delay(500);
        Assert.DoesNotContain(MosquittoSub.Messages(sub), l => l.Contains("/state "));   // nothing measured: nothing published
        service.UpdatePresence(1);
        var first = await sub.WaitForLineAsync(l => l.StartsWith("0 edgeface/zero/state "), Wait);
        var doc = JsonDocument.Parse(first[first.IndexOf('{')..]).RootElement;
        Assert.Equal(1, doc.GetProperty("faces").GetInt32());
        foreach (var field in new[] { "fps", "inference_ms", "soc_temp_c", "cpu_percent", "rss_mb", "camera_connected", "throttled" })
            Assert.Equal(JsonValueKind.Null, doc.GetProperty(field).ValueKind);
        service.UpdateDiagnostics(new DeviceSample(4.96, 30.04, null, 25, 81.26, true, true));
        var second = await sub.WaitForLineAsync(l => l.StartsWith("0 edgeface/zero/state ") && l.Contains("\"fps\":5"), Wait);
        Assert.Contains("\"soc_temp_c\":null", second);
        Assert.Contains("\"rss_mb\":81.3", second);
        Assert.Contains("\"throttled\":\"ON\"", second);

        var sw = Stopwatch.StartNew();
        service.UpdatePresence(0);   // and no frame after this one: the off delay alone turns presence off
        await sub.WaitForLineAsync(l => l == "0 edgeface/zero/presence OFF", Wait);
        Assert.InRange(sw.ElapsedMilliseconds, 700, 5000);
        await sub.WaitForLineAsync(l => l.StartsWith("0 edgeface/zero/state ") && l.Contains("\"faces\":0"), Wait);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task The_event_entity_gets_face_starts_and_ends_and_device_triggers_fire_on_presence_changes()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("ha");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/ev/ha/#");
        await using var service = new MqttService(Options(broker, dir, ha => ha.PresenceOffDelayMs = 300), "ev");
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);
        service.UpdatePresence(0);   // the state found at start: no trigger
        foreach (var type in new[] { FaceEventType.New, FaceEventType.Update, FaceEventType.Update, FaceEventType.End })
        {
            var e = service.RentEvent();
            e.Type = type; e.Id = 4; e.TimestampMs = 1;
            Assert.True(service.TryPublishEvent(e));
        }
        await Task.Delay(100);
        service.UpdatePresence(1);
        await sub.WaitForLineAsync(l => l == "0 edgeface/ev/ha/trigger face_appeared", Wait);
        service.UpdatePresence(0);
        await sub.WaitForLineAsync(l => l == "0 edgeface/ev/ha/trigger face_left", Wait);
        await sub.WaitForLineAsync(l => l.Contains("\"event_type\":\"end\""), Wait);
        // a second face with signals: turns to the camera, closes its eyes for long, yawns
        var signals = new[]
        {
            new FaceSignals { Present = true, Facing = true },
            new FaceSignals { Present = true, Facing = true, HasEyes = true, EyesClosed = true, EyesClosedMs = 2500 },
            new FaceSignals { Present = true, Facing = true, HasEyes = true, Yawn = true },
        };
        var first = service.RentEvent();
        first.Type = FaceEventType.New; first.Id = 5;
        service.TryPublishEvent(first);
        foreach (var sig in signals)
        {
            var e = service.RentEvent();
            e.Type = FaceEventType.Update; e.Id = 5; e.Signals = sig;
            service.TryPublishEvent(e);
        }
        await sub.WaitForLineAsync(l => l.Contains("\"event_type\":\"yawn\""), Wait);
        await Task.Delay(300);
        var lines = MosquittoSub.Messages(sub).ToList();
        Assert.Equal(["new", "drowsy", "yawn"], lines.Where(l => l.Contains("/face_event ") && l.Contains("\"id\":5"))
            .Select(l => JsonDocument.Parse(l[l.IndexOf('{')..]).RootElement.GetProperty("event_type").GetString()));
        lines = lines.Where(l => !l.Contains("\"id\":5")).ToList();
        Assert.Equal(["0 edgeface/ev/ha/trigger looking", "0 edgeface/ev/ha/trigger eyes_closed"],
            lines.Where(l => l.Contains("/trigger ")).Skip(2));
        output.WriteLine(string.Join('\n', lines));
        Assert.Equal(["0 edgeface/ev/ha/face_event {\"event_type\":\"new\",\"id\":4}", "0 edgeface/ev/ha/face_event {\"event_type\":\"end\",\"id\":4}"],
            lines.Where(l => l.Contains("/face_event ")));
        Assert.Equal(["0 edgeface/ev/ha/trigger face_appeared", "0 edgeface/ev/ha/trigger face_left"], lines.Where(l => l.Contains("/trigger ")).Take(2));
        // every event type the entity can receive is one it announced
        var announced = HomeAssistantDiscovery.Components(service.Topics, "ev", HomeAssistantDevice.Unknown).Single(c => c.Platform == "event").Config["event_types"]!.AsArray()
            .Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(["new", "end", "yawn", "drowsy"], announced);
        // the trigger payloads match the announced device triggers
        var triggers = HomeAssistantDiscovery.Components(service.Topics, "ev", HomeAssistantDevice.Unknown).Where(c => c.Platform == "device_automation").ToList();
        Assert.Equal(["face_appeared", "face_left", "looking", "eyes_closed"], triggers.Select(t => t.Config["payload"]!.GetValue<string>()));
        Assert.All(triggers, t => Assert.Equal(service.Topics.Trigger, t.Config["topic"]!.GetValue<string>()));
    }
}
