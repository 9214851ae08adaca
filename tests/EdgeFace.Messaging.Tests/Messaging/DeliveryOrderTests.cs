using System.Diagnostics;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Tests.Fixtures;
using Xunit.Abstractions;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>
/// Issue 12 item 4: events leave in increasing <c>seq</c> on every connection. A recording fake broker reads the
/// PUBLISH packets off the socket in wire order, drops the connection in the middle of the stream, or freezes.
/// </summary>
public class DeliveryOrderTests(ITestOutputHelper output)
{
    private static MqttOptions Options(int port, TempDirectory dir, int publishTimeoutS = 10) => new()
    {
        Enabled = true, Url = $"mqtt://127.0.0.1:{port}", KeepAliveS = 5, PublishTimeoutS = publishTimeoutS,
        Outbox = new OutboxOptions { Path = dir.File("outbox") },
        HomeAssistant = new HomeAssistantOptions { Enabled = false },
    };

    private static readonly ReconnectBackoff Fast = new() { Initial = TimeSpan.FromMilliseconds(50), Maximum = TimeSpan.FromMilliseconds(200) };

    private static List<long> EventSeqs(IEnumerable<RecordedPublish> published, int? connection = null) =>
        published.Where(p => p.Topic.EndsWith("/events") && (connection is null || p.Connection == connection)).Select(p => TestEvents.Seq(p.Payload)).ToList();

    [Fact]
    public async Task Events_are_written_to_the_socket_in_increasing_seq_on_each_connection_while_the_broker_keeps_dropping_it()
    {
        using var broker = new RecordingBroker { DropEvery = 400 };
        using var dir = TempDirectory.Create("order");
        const int total = 3000;
        await using (var service = new MqttService(Options(broker.Port, dir), "order", backoff: Fast))
        {
            await service.StartAsync();
            await service.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
            // Bursts, so events queue up in the outbox while publishes are in flight and connections are lost.
            for (int i = 0; i < total; i++)
            {
                while (!TestEvents.PublishOne(service)) await Task.Delay(1);
                if (i % 200 == 199) await Task.Delay(5);
            }
            await Eventually.Until(() => service.Status.Sent >= total && service.Status.Queued == 0, 60, "every event acknowledged");
        }
        var published = broker.Published;
        output.WriteLine($"{broker.Connections} connections, {published.Count} publishes");
        Assert.True(broker.Connections >= total / 400, $"the broker dropped the connection only {broker.Connections} times");
        for (int c = 1; c <= broker.Connections; c++)
        {
            var seqs = EventSeqs(published, c);
            for (int i = 1; i < seqs.Count; i++)
                Assert.True(seqs[i] > seqs[i - 1], $"connection {c}: seq {seqs[i]} written after {seqs[i - 1]}");
        }
        var all = EventSeqs(published);
        Assert.Empty(TestEvents.NewEventsOutOfOrder(all));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), all.Distinct().Order());
        // Only the unacknowledged last event of a dropped connection is sent twice.
        Assert.True(all.Count - total <= broker.Connections, $"{all.Count - total} duplicates over {broker.Connections} connections");
    }

    [Fact]
    public async Task A_frozen_broker_is_noticed_by_the_publish_timeout_and_the_event_goes_first_on_the_next_connection()
    {
        // Keep-alive is 5 s; the broker stops answering after 20 publishes; the 1 s publish timeout must notice first.
        using var broker = new RecordingBroker { FreezeFirstConnectionAfter = 20 };
        using var dir = TempDirectory.Create("frozen");
        await using var service = new MqttService(Options(broker.Port, dir, publishTimeoutS: 1), "frozen", backoff: Fast);
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++) Assert.True(TestEvents.PublishOne(service));
        await Eventually.Until(() => service.Status.Sent == 50, 20, "all 50 events acknowledged after the reconnect");
        output.WriteLine($"delivered after {sw.Elapsed.TotalSeconds:0.0} s, {broker.Connections} connections, {service.Status.PublishTimeouts} timeouts");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed.TotalSeconds:0.0} s: the frozen broker was not noticed before keep-alive");
        Assert.Equal(1, service.Status.PublishTimeouts);
        Assert.Equal(2, broker.Connections);
        var first = EventSeqs(broker.Published, 1);
        var second = EventSeqs(broker.Published, 2);
        Assert.Equal(first[^1], second[0]); // the event that was never acknowledged goes first
        Assert.Equal(Enumerable.Range((int)first[^1], 51 - (int)first[^1]).Select(i => (long)i), second);
    }
}
