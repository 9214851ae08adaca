using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Tests.Fixtures;
using EdgeFace.TestSupport;
using MQTTnet;
using Xunit.Abstractions;

namespace EdgeFace.Messaging.Tests.Messaging;

[CollectionDefinition("allocation", DisableParallelization = true)]
public sealed class ProcessWideMeasurements;

/// <summary>
/// Issue 12 item 2: one oversized message must not keep the daemon off the broker, and a broker that claims a huge
/// packet must not make it allocate one.
/// </summary>
[Collection("allocation")]
public class IncomingLimitTests(ITestOutputHelper output)
{
    private static readonly ReconnectBackoff Fast = new() { Initial = TimeSpan.FromMilliseconds(50), Maximum = TimeSpan.FromMilliseconds(200) };

    [RequiresCommandFact("mosquitto", "mosquitto_pub", "mosquitto_sub")]
    public Task Mqtt311_a_2_MB_retained_home_assistant_status_is_skipped_and_counted_and_events_keep_flowing_on_one_connection() => OversizedRetained("3.1.1");

    [RequiresCommandFact("mosquitto", "mosquitto_pub", "mosquitto_sub")]
    public Task Mqtt5_the_broker_holds_back_what_is_over_the_maximum_packet_size_and_events_keep_flowing_on_one_connection() => OversizedRetained("5");

    private async Task OversizedRetained(string protocol)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var dir = TempDirectory.Create("big");
        // Any Home Assistant client can write this; the broker hands it over again on every subscribe.
        string big = dir.File("big.txt");
        File.WriteAllText(big, new string('x', 2 * 1024 * 1024));
        await Tool.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "homeassistant/status", "-f", big, "-r", "-q", "1"]);
        using var sub = await MosquittoSub.StartAsync(broker, "edgeface/big/events");
        var options = new MqttOptions
        {
            Enabled = true, Url = $"mqtt://127.0.0.1:{broker.Port}", Protocol = protocol, KeepAliveS = 5,
            Outbox = new OutboxOptions { Path = dir.File("outbox") },
        };
        await using var service = new MqttService(options, "big", new NoRequests(), backoff: Fast);
        await service.StartAsync();
        await service.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        // A 5 MB request too: skipped like the retained one.
        string huge = dir.File("huge.txt");
        File.WriteAllText(huge, new string('y', 5 * 1024 * 1024));
        await Tool.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "edgeface/big/request/health", "-f", huge, "-q", "1"]);
        const int total = 2000;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < total; i++)
        {
            while (!TestEvents.PublishOne(service)) await Task.Delay(1);
            if (i % 100 == 99) await Task.Delay(2);
        }
        await Eventually.Until(() => MosquittoSub.Messages(sub).Count() >= total, 30, $"{total} events at the subscriber");
        double rate = total / sw.Elapsed.TotalSeconds;
        var status = service.Status;
        output.WriteLine($"MQTT {protocol}: {rate:0} events/s, connects {status.Connects}, oversized skipped {status.OversizedSkipped}");
        Assert.Equal(1, status.Connects);
        Assert.True(service.Connection.IsConnected);
        Assert.True(rate > 200, $"only {rate:0} events/s");
        if (protocol == "3.1.1") Assert.Equal(2, status.OversizedSkipped); // the retained status and the request, each once
        else Assert.Equal(0, status.OversizedSkipped); // MQTT 5: CONNECT's Maximum Packet Size makes mosquitto hold them back itself
        var seqs = MosquittoSub.Messages(sub).Select(l => JsonDocument.Parse(l[l.IndexOf('{')..]).RootElement.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seqs);
    }

    private sealed class NoRequests : Requests.IRequestHandler
    {
        public Task<Requests.RequestResult> HandleAsync(string name, JsonElement? payload, CancellationToken ct) =>
            Task.FromResult(Requests.RequestResult.Failure("no requests here"));
    }

    /// <summary>A TCP server that answers CONNECT with CONNACK and then sends whatever the test scripts.</summary>
    private sealed class HostileBroker : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, LoopbackPorts.Free());
        private readonly CancellationTokenSource _stop = new();
        public HostileBroker(Func<Stream, CancellationToken, Task> afterConnect, bool sendConnAck = true)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Socket s;
                    try { s = await _listener.AcceptSocketAsync(_stop.Token); } catch (Exception) { return; }
                    Connections++;
                    _ = Task.Run(async () =>
                    {
                        using var stream = new NetworkStream(s, ownsSocket: true);
                        try
                        {
                            await RecordingBroker.ReadPacketAsync(stream, _stop.Token); // CONNECT
                            if (sendConnAck) await stream.WriteAsync(new byte[] { 0x20, 2, 0, 0 }, _stop.Token);
                            await afterConnect(stream, _stop.Token);
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }
                        catch (Exception) { }
                    });
                }
            });
        }
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections;
        public void Dispose() { _stop.Cancel(); _listener.Stop(); }
    }

    /// <summary>PUBLISH QoS 0 on topic "big" whose remaining length claims 268,435,455 bytes (the MQTT maximum).</summary>
    private static readonly byte[] HugePublishHeader = [0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0, 3, (byte)'b', (byte)'i', (byte)'g'];
    private const int HugeRemaining = 268_435_455;

    private static async Task SendHugePublishThenASmallOne(Stream stream, CancellationToken ct)
    {
        await stream.WriteAsync(HugePublishHeader, ct);
        var junk = new byte[64 * 1024];
        long left = HugeRemaining - (HugePublishHeader.Length - 5);
        while (left > 0) { int n = (int)Math.Min(junk.Length, left); await stream.WriteAsync(junk.AsMemory(0, n), ct); left -= n; }
        // then an ordinary message on the same connection
        await stream.WriteAsync(new byte[] { 0x30, 7, 0, 3, (byte)'s', (byte)'m', (byte)'l', (byte)'o', (byte)'k' }, ct);
    }

    [Fact]
    public async Task A_claimed_256_MB_publish_is_skipped_with_bounded_memory_and_the_next_message_arrives()
    {
        using var broker = new HostileBroker(SendHugePublishThenASmallOne);
        var limits = new IncomingLimits();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("hostile").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).Build();
        await using var connection = new BrokerConnection(options, limits, "hostile", Fast);
        var small = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.MessageReceived = e =>
        {
            if (e.ApplicationMessage.Topic == "sml") small.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        connection.Start();
        Assert.Equal("ok", await small.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"allocated {allocated / 1048576.0:0.0} MB while skipping a 256 MB packet");
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(1, limits.SkippedMessages);
        Assert.Equal(HugeRemaining + 5, limits.SkippedBytes);
        Assert.True(connection.IsConnected);
        Assert.Equal(1, broker.Connections);
    }

    [Fact]
    public async Task MQTTnet_on_its_own_allocates_the_whole_claimed_packet_which_is_why_the_channel_exists()
    {
        // Documents what the wrapper guards against (read in MQTTnet's MqttChannelAdapter: new byte[bodyLength] as
        // soon as the remaining length is read). If a later MQTTnet bounds this itself, this test fails and says so.
        using var broker = new HostileBroker(async (s, ct) => await s.WriteAsync(HugePublishHeader, ct));
        using var client = new MqttClientFactory().CreateMqttClient();
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("plain").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).Build());
        await Eventually.Until(() => GC.GetTotalAllocatedBytes(precise: true) - before > 200L * 1024 * 1024, 10, "MQTTnet allocating the claimed body");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"plain MQTTnet allocated {allocated / 1048576.0:0} MB on a 10-byte claim");
        client.Dispose();
        GC.Collect();
    }

    [Fact]
    public async Task An_oversized_non_publish_packet_closes_the_connection_without_allocating_it()
    {
        // A CONNACK claiming 256 MB: not a message that can be skipped, the broker is broken or hostile.
        using var broker = new HostileBroker(async (s, ct) => await s.WriteAsync(new byte[] { 0x20, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0 }, ct), sendConnAck: false);
        var limits = new IncomingLimits();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("hostile2").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithTimeout(TimeSpan.FromSeconds(2)).Build();
        await using var connection = new BrokerConnection(options, limits, "hostile2", Fast);
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        connection.Start();
        await Eventually.Until(() => broker.Connections >= 3, 20, "three connection attempts (refused each time, retried with backoff)");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"allocated {allocated / 1048576.0:0.0} MB over {broker.Connections} refused connections");
        Assert.False(connection.IsConnected);
        Assert.Equal(0, connection.Connects);
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated} bytes");
    }
}
