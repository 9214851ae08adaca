using System.Text.Json;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Requests;
using EdgeFace.Messaging.Tests.Fixtures;
using EdgeFace.TestSupport;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>What EdgeFace adds on top of MQTTnet's client, against a real mosquitto: reconnect, resubscribe, Last Will.</summary>
public class ConnectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly ReconnectBackoff Fast = new() { Initial = TimeSpan.FromMilliseconds(100), Maximum = TimeSpan.FromMilliseconds(500) };

    private static MqttOptions Options(MosquittoBroker broker, TempDirectory dir, string protocol = "3.1.1") => new()
    {
        Enabled = true, Url = $"mqtt://127.0.0.1:{broker.Port}", Protocol = protocol, KeepAliveS = 5,
        Outbox = new OutboxOptions { Path = dir.File("outbox") }, HomeAssistant = new HomeAssistantOptions { Enabled = false },
    };

    private sealed class Health : IRequestHandler
    {
        public Task<RequestResult> HandleAsync(string name, JsonElement? payload, CancellationToken ct) =>
            Task.FromResult(RequestResult.Success(JsonDocument.Parse("""{"healthy":true}""").RootElement));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub", "mosquitto_sub")]
    public async Task After_a_broker_restart_the_service_reconnects_resubscribes_and_delivers_what_queued_meanwhile()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("restart");
        await using var service = new MqttService(Options(broker, dir), "rs", new Health(), backoff: Fast);
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(Wait);

        await broker.StopAsync();
        await Eventually.Until(() => !service.Connection.IsConnected);
        for (int i = 0; i < 5; i++) Assert.True(TestEvents.PublishOne(service)); // into the outbox while the broker is down
        // under load the outbox writer may take a moment; what matters is that all five wait there, none sent
        await Eventually.Until(() => service.Status.Queued == 5, 10, "five events in the outbox");
        Assert.Equal(0, service.Status.Sent);
        await broker.StartAgainAsync();
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/rs/#");
        await Eventually.Until(() => service.Status.Sent == 5, 15, "the queued events delivered");
        // The restarted broker has no persistence: the request subscription exists only because the service restored it.
        // Delivery and the resubscription both start on connect, in no fixed order: a request sent before the
        // SUBACK is lost at the broker, so ask again until answered (a service that never resubscribes never answers).
        bool answered = false;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); !answered && clock.Elapsed < Wait;)
        {
            await MosquittoSub.PublishAsync(broker, "edgeface/rs/request/health", """{"transaction":"after"}""");
            answered = await EdgeFace.TestSupport.Wait.ForAsync(() => sub.Lines.Any(l => l.Contains("/response/health") && l.Contains("\"after\"")), TimeSpan.FromSeconds(1));
        }
        Assert.True(answered, $"no health response after the restart: {sub.Output}");
        Assert.True(service.Status.Connects >= 2);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task The_last_will_says_offline_when_the_socket_dies_and_the_status_comes_back_online_on_reconnect()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("will");
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/will/status");
        await using var service = new MqttService(Options(broker, dir, "5"), "will", backoff: Fast);
        await service.StartAsync();
        await sub.WaitForLineAsync(l => l == "1 edgeface/will/status online" || l == "0 edgeface/will/status online", Wait);
        int before = MosquittoSub.Messages(sub).Count();
        service.Connection.Drop("test: socket dies"); // no DISCONNECT: the broker publishes the Last Will
        await sub.WaitForLineAsync(l => l.EndsWith("edgeface/will/status offline"), Wait);
        await Eventually.Until(() => MosquittoSub.Messages(sub).Skip(before).Any(l => l.EndsWith("status online") ) &&
                                     MosquittoSub.Messages(sub).Last().EndsWith("status online"), 10, "online again after the reconnect");
        Assert.True(service.Status.Connects >= 2);
    }
}
