using System.Diagnostics;
using System.Text.Json;
using EdgeFace.Messaging.Benchmarks;
using EdgeFace.Messaging.HomeAssistant;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Requests;
using EdgeFace.Messaging.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using EdgeFace.TestSupport;
using Xunit.Abstractions;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>MqttService against a real mosquitto, observed with mosquitto_sub / driven with mosquitto_pub.</summary>
public class ServiceBrokerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static MqttOptions Options(MosquittoBroker broker, TempDirectory dir, string protocol = "3.1.1") => new()
    {
        Enabled = true, Url = $"mqtt://127.0.0.1:{broker.Port}", Protocol = protocol, KeepAliveS = 5,
        Outbox = new OutboxOptions { Path = dir.File("outbox") },
    };

    private static MqttOptions NoHa(MqttOptions o)
    {
        o.HomeAssistant = new HomeAssistantOptions { Enabled = false };
        return o;
    }

    private sealed class Handler : IRequestHandler
    {
        public Task<RequestResult> HandleAsync(string name, JsonElement? payload, CancellationToken ct) => Task.FromResult(name switch
        {
            "health" => RequestResult.Success(JsonDocument.Parse("""{"healthy":true}""").RootElement),
            "config/set" when payload?.TryGetProperty("mqtt", out _) == true => RequestResult.Failure("mqtt.url is local-only"),
            "boom" => throw new InvalidOperationException("kaboom"),
            _ => RequestResult.Failure($"unknown request '{name}'"),
        });
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Status_events_state_and_config_appear_on_their_topics()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("svc");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/dev1/#");
        await using (var service = new MqttService(Options(broker, dir), "dev1"))
        {
            await service.StartAsync();
            await service.WaitUntilConnectedAsync().WaitAsync(Wait);
            for (int i = 0; i < 3; i++)
            {
                var e = service.RentEvent();
                e.Type = i == 0 ? FaceEventType.New : i == 1 ? FaceEventType.Update : FaceEventType.End;
                e.Id = 7; e.TimestampMs = 1_000 + i; e.Box = new(10.25f, 20, 30, 40); e.Score = 0.87654f;
                var keypoints = default(Keypoints5);
                keypoints[0] = new(1, 2);
                e.Keypoints = keypoints;
                e.HasPose = i == 1; e.Yaw = 12.34f;
                Assert.True(service.TryPublishEvent(e));
            }
            service.UpdatePresence(2);
            service.UpdateDiagnostics(new DeviceSample(14.96, 31.04, 55.55, 12, 80, false, true));
            service.PublishConfig("""{"device_id":"dev1"}""", """{"type":"object"}""");
            service.PublishStats("""{"fps":15}"""u8.ToArray());
            await sub.WaitForLineAsync(l => l.Contains("\"type\":\"end\""), Wait);
            await sub.WaitForLineAsync(l => l.StartsWith("0 edgeface/dev1/stats"), Wait);
            await sub.WaitForLineAsync(l => l.StartsWith("0 edgeface/dev1/state") && l.Contains("55.6"), Wait);
            await Eventually.Until(() => service.Status.Sent == 3 && service.Status.Queued == 0);
        }
        var lines = MosquittoSub.Messages(sub).ToList();
        output.WriteLine(string.Join('\n', lines));
        var events = lines.Where(l => l.StartsWith("0 edgeface/dev1/events ")).Select(l => JsonDocument.Parse(l[(l.IndexOf('{'))..]).RootElement).ToList();
        Assert.Equal(["new", "update", "end"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("[10.3,20,30,40]", events[0].GetProperty("box").GetRawText());
        Assert.Equal(0.877, events[0].GetProperty("score").GetDouble());
        Assert.Equal(12.3, events[1].GetProperty("pose").GetProperty("yaw").GetDouble());
        Assert.False(events[0].TryGetProperty("pose", out _));
        Assert.Contains("0 edgeface/dev1/status online", lines);
        Assert.Contains("0 edgeface/dev1/presence ON", lines);
        Assert.Contains("0 edgeface/dev1/config {\"device_id\":\"dev1\"}", lines);
        Assert.Contains("0 edgeface/dev1/config/schema {\"type\":\"object\"}", lines);
        Assert.Equal("0 edgeface/dev1/status offline", lines.Last(l => l.Contains("/status ")));

        // Retained: a late subscriber sees the last status/presence/config.
        var late = await Tool.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "edgeface/dev1/+", "-F", "%r %t %p", "-W", "1"], check: false);
        Assert.Contains("1 edgeface/dev1/status offline", late);
        Assert.Contains("1 edgeface/dev1/presence ON", late);
        Assert.DoesNotContain("/events", late);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub", "mosquitto_sub")]
    public async Task Requests_are_answered_on_the_response_topic_with_the_transaction_echoed()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("svc");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/dev2/response/#");
        // A stale retained request: the broker hands it over (retain flag set) when the service subscribes; it must not fire.
        await MosquittoSub.PublishAsync(broker, "edgeface/dev2/request/health", """{"transaction":"retained"}""", retain: true);
        await using var service = new MqttService(NoHa(Options(broker, dir)), "dev2", new Handler());
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);
        await Task.Delay(200); // SUBACK of the request filter
        await MosquittoSub.PublishAsync(broker, "edgeface/dev2/request/health", """{"transaction":"t-1"}""");
        await MosquittoSub.PublishAsync(broker, "edgeface/dev2/request/config/set", """{"mqtt":{"url":"mqtt://evil"},"transaction":42}""");
        await MosquittoSub.PublishAsync(broker, "edgeface/dev2/request/boom", "");
        await MosquittoSub.PublishAsync(broker, "edgeface/dev2/request/health", "not json");
        await sub.WaitForLineAsync(l => l.Contains("not valid JSON"), Wait);
        await Task.Delay(300);
        var lines = MosquittoSub.Messages(sub).ToList();
        output.WriteLine(string.Join('\n', lines));
        Assert.Contains("""0 edgeface/dev2/response/health {"status":"ok","data":{"healthy":true},"transaction":"t-1"}""", lines);
        Assert.Contains("""0 edgeface/dev2/response/config/set {"status":"error","error":"mqtt.url is local-only","transaction":42}""", lines);
        Assert.Contains(lines, l => l.StartsWith("0 edgeface/dev2/response/boom {\"status\":\"error\",\"error\":\"internal error: kaboom\""));
        Assert.DoesNotContain(lines, l => l.Contains("\"retained\""));
        Assert.All(lines, l => Assert.StartsWith("0 ", l)); // responses are never retained
    }

    [RequiresCommandFact("mosquitto")]
    public async Task Mqtt5_requests_are_answered_on_their_response_topic_with_correlation_data()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("svc");
        await using var service = new MqttService(NoHa(Options(broker, dir, "5")), "dev3", new Handler());
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);
        using var requester = new MqttClientFactory().CreateMqttClient();
        var answer = new TaskCompletionSource<MqttApplicationMessage>();
        requester.ApplicationMessageReceivedAsync += e => { answer.TrySetResult(e.ApplicationMessage); return Task.CompletedTask; };
        await requester.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("req")
            .WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await requester.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("my/inbox", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Task.Delay(200);
        await requester.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edgeface/dev3/request/health").WithPayload("{}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithResponseTopic("my/inbox").WithCorrelationData([9, 8, 7]).Build());
        var m = await answer.Task.WaitAsync(Wait);
        Assert.Equal(new byte[] { 9, 8, 7 }, m.CorrelationData);
        Assert.Equal("application/json", m.ContentType);
        Assert.Equal("""{"status":"ok","data":{"healthy":true}}""", m.ConvertPayloadToString());
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub", "mosquitto_sub")]
    public async Task Home_assistant_discovery_is_published_and_resent_when_home_assistant_comes_online()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("svc");
        using var sub = await MosquittoSub.StartAsync(broker, "homeassistant/#");
        await using var service = new MqttService(Options(broker, dir), "kitchen-pi", device: new HomeAssistantDevice(null, null, null, HasTemperatureSensor: true));
        await service.StartAsync();
        var presence = await sub.WaitForLineAsync(l => l.Contains("homeassistant/binary_sensor/edgeface_kitchen-pi/face_present/config"), Wait);
        var doc = JsonDocument.Parse(presence[presence.IndexOf('{')..]).RootElement;
        Assert.Equal("edgeface/kitchen-pi/status", doc.GetProperty("availability_topic").GetString());
        Assert.Equal("occupancy", doc.GetProperty("device_class").GetString());
        foreach (var diag in new[] { "fps", "inference_ms", "soc_temperature" })
        {
            var line = await sub.WaitForLineAsync(l => l.Contains($"homeassistant/sensor/edgeface_kitchen-pi/{diag}/config"), Wait);
            Assert.Equal("diagnostic", JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement.GetProperty("entity_category").GetString());
        }
        var count = await sub.WaitForLineAsync(l => l.Contains("homeassistant/sensor/edgeface_kitchen-pi/face_count/config"), Wait);
        Assert.False(JsonDocument.Parse(count[count.IndexOf('{')..]).RootElement.TryGetProperty("entity_category", out _));
        int before = MosquittoSub.Messages(sub).Count(l => l.Contains("face_present/config"));
        await MosquittoSub.PublishAsync(broker, "homeassistant/status", "online");
        await Eventually.Until(() => MosquittoSub.Messages(sub).Count(l => l.Contains("face_present/config")) > before);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task With_home_assistant_off_no_discovery_is_published()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("svc");
        using var sub = await MosquittoSub.StartAsync(broker, "#");
        await using var service = new MqttService(NoHa(Options(broker, dir)), "no-ha");
        await service.StartAsync();
        await sub.WaitForLineAsync(l => l.Contains("edgeface/no-ha/status online"), Wait);
        service.UpdatePresence(1);
        await sub.WaitForLineAsync(l => l.Contains("edgeface/no-ha/presence ON"), Wait);
        await MosquittoSub.PublishAsync(broker, "homeassistant/status", "online");
        await Task.Delay(500);
        Assert.DoesNotContain(MosquittoSub.Messages(sub), l => l.Contains(" homeassistant/") && !l.Contains("homeassistant/status"));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Events_survive_broker_outage_and_kill_9_of_the_publisher_without_gaps()
    {
        using var dir = TempDirectory.Create("e2e");
        await using var broker = await MosquittoBroker.StartAsync(persistence: true);
        // A persistent-session subscriber: the broker queues for it while it is away during the restart.
        using var sub = Tool.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "edgeface/e2e/events", "-q", "1", "-c", "-i", "e2e-checker", "-F", "%p"]);
        await Task.Delay(500);
        const int total = 400;
        string outbox = dir.File("outbox");
        using (var child = StartPublisher(broker.Port, outbox, total))
        {
            await child.WaitForLineAsync(l => l.StartsWith("appended") && long.Parse(l[9..]) >= 100, Wait);
            await broker.StopGracefullyAsync();
            await child.WaitForLineAsync(l => l.StartsWith("appended") && long.Parse(l[9..]) >= 200, Wait); // appended while the broker is down
            await broker.StartAgainAsync();
            await child.WaitForLineAsync(l => l.StartsWith("appended") && long.Parse(l[9..]) >= 250, Wait);
            child.Process.Kill(); // SIGKILL: no flush, no DISCONNECT
            await child.Process.WaitForExitAsync();
        }
        using (var child = StartPublisher(broker.Port, outbox, total))
        {
            await child.WaitForLineAsync(l => l == "DONE", TimeSpan.FromSeconds(60));
            output.WriteLine(child.Output);
        }
        var received = new HashSet<long>();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            received = sub.Lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToHashSet();
            if (Enumerable.Range(1, total).All(i => received.Contains(i))) break;
            await Task.Delay(100);
        }
        var missing = Enumerable.Range(1, total).Where(i => !received.Contains(i)).ToList();
        output.WriteLine($"received {sub.Lines.Count} messages, {received.Count} distinct seqs, duplicates {sub.Lines.Count - received.Count}");
        Assert.True(missing.Count == 0, $"missing seqs: {string.Join(',', missing.Take(50))}");
        // Order (issue 12 item 4): a new event never arrives after a higher seq; only duplicates may repeat after the kill.
        var arrival = sub.Lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToList();
        var outOfOrder = TestEvents.NewEventsOutOfOrder(arrival);
        Assert.True(outOfOrder.Count == 0, $"{outOfOrder.Count} events arrived after a higher seq: {string.Join(", ", outOfOrder.Take(20).Select(p => $"{p.After} after {p.Before}"))}");
    }

    private static RunningTool StartPublisher(int port, string outbox, int total)
    {
        string dll = typeof(OutboxPublisherProcess).Assembly.Location;
        return Tool.Start("dotnet", [dll, "outbox-publisher", port.ToString(), outbox, total.ToString()]);
    }

    [RequiresCommandFact("mosquitto")]
    public async Task Outbox_benchmark_reports_figures()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var result = await OutboxBenchmark.RunAsync("127.0.0.1", broker.Port, 3000);
        output.WriteLine(result.ToString());
        Console.WriteLine(result.ToString());
        Assert.True(result.EndToEndEventsPerSecond > 0 && result.AppendMicrosecondsPerEvent > 0);
        Assert.InRange(result.DiskBytesPerEvent, result.PayloadBytes, result.PayloadBytes + 64);
    }
}

public class LandmarkStreamTests
{
    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task The_landmark_stream_is_rate_limited_per_face()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("lm");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/lm/landmarks", qos: 0);
        var options = new MqttOptions
        {
            Enabled = true, Url = $"mqtt://127.0.0.1:{broker.Port}", Outbox = new OutboxOptions { Path = dir.File("outbox") },
            LandmarksStream = new LandmarksStreamOptions { Enabled = true, MaxRateHz = 1 },
            HomeAssistant = new HomeAssistantOptions { Enabled = false },
        };
        await using var service = new MqttService(options, "lm");
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var points = Enumerable.Range(0, 68).Select(i => new System.Drawing.PointF(i, i * 0.5f)).ToArray();
        int published = 0;
        for (int i = 0; i < 10; i++)
        {
            if (service.PublishLandmarks(1, 1000 + i, points)) published++;
            if (service.PublishLandmarks(2, 1000 + i, points)) published++;
        }
        Assert.Equal(2, published); // one per face within the second
        Assert.Equal(18, service.Status.LandmarksSkipped);
        var line = await sub.WaitForLineAsync(l => l.Contains("\"id\":2"), TimeSpan.FromSeconds(10));
        var doc = JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement;
        Assert.Equal(68, doc.GetProperty("landmarks").GetArrayLength());
        Assert.Equal("[67,33.5]", doc.GetProperty("landmarks")[67].GetRawText());
        Assert.StartsWith("0 ", line); // never retained
    }
}
