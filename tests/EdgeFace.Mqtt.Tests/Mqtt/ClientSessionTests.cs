using System.Net;
using System.Net.Sockets;
using EdgeFace.Mqtt.Client;
using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Packets;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Mqtt.Tests.Mqtt;

/// <summary>
/// Session logic against a scripted in-process peer, for behaviour a well-behaved mosquitto never shows:
/// a broker that goes silent, one that sends garbage, one that never acknowledges.
/// </summary>
public class ClientSessionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Accepts connections and lets each test script the broker side with real packets on a real socket.</summary>
    private sealed class ScriptedBroker : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        public ScriptedBroker() => _listener.Start();
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The raw stream of the last accepted connection, for writing bytes no formatter would produce.</summary>
        public Stream? LastStream { get; private set; }

        public async Task<(MqttPacketChannel Channel, ConnectPacket Connect)> AcceptAsync()
        {
            var socket = await _listener.AcceptSocketAsync().WaitAsync(Wait);
            LastStream = new NetworkStream(socket, ownsSocket: true);
            var channel = new MqttPacketChannel(LastStream, Mqtt311PacketFormatter.Instance);
            var connect = (ConnectPacket)await channel.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
            await channel.SendAsync(new ConnAckPacket(), CancellationToken.None);
            return (channel, connect);
        }

        public void Dispose() => _listener.Stop();
    }

    private static MqttClientOptions Options(int port, double keepAliveSeconds = 30) => new()
    {
        Transport = new MqttTransportOptions { Host = "127.0.0.1", Port = port },
        ClientId = "scripted",
        KeepAlive = TimeSpan.FromSeconds(keepAliveSeconds),
        KeepAliveTimeout = TimeSpan.FromSeconds(1),
        Reconnect = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), MaximumDelay = TimeSpan.FromMilliseconds(100) },
    };

    [Fact]
    public async Task A_broker_that_stops_answering_pings_is_declared_dead_and_replaced()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port, keepAliveSeconds: 1));
        var lost = new TaskCompletionSource<string>();
        client.ConnectionStateChanged += s => { if (!s.Connected) lost.TrySetResult(s.Reason!); };
        var connecting = client.ConnectAsync();
        var (silent, connect) = await broker.AcceptAsync();
        await connecting;
        Assert.Equal(1, connect.KeepAliveSeconds);
        // The broker reads the PINGREQ but never answers.
        var ping = await silent.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        Assert.IsType<PingReqPacket>(ping);
        Assert.Equal("keep-alive timeout", await lost.Task.WaitAsync(Wait));
        var (_, again) = await broker.AcceptAsync(); // and it reconnects on its own
        Assert.Equal("scripted", again.ClientId);
    }

    [Fact]
    public async Task A_malformed_packet_drops_the_connection_with_the_reason()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port) with { AutoReconnect = false });
        var lost = new TaskCompletionSource<string>();
        client.ConnectionStateChanged += s => { if (!s.Connected) lost.TrySetResult(s.Reason!); };
        var connecting = client.ConnectAsync();
        var (channel, _) = await broker.AcceptAsync();
        await connecting;
        // PUBLISH with QoS 3, as raw bytes.
        await broker.LastStream!.WriteAsync(new byte[] { 0x36, 5, 0, 1, (byte)'t', 0, 1 });
        var reason = await lost.Task.WaitAsync(Wait);
        Assert.Contains("protocol error", reason);
        Assert.Contains("QoS 3", reason);
    }

    [Fact]
    public async Task Unacknowledged_qos1_publishes_are_resent_with_dup_in_order_after_reconnect()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port));
        var connecting = client.ConnectAsync();
        var (first, _) = await broker.AcceptAsync();
        await connecting;
        var publishes = Enumerable.Range(0, 3).Select(i => client.PublishAsync(MqttApplicationMessage.Create("t", $"m{i}", MqttQualityOfService.AtLeastOnce))).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var p = (PublishPacket)await first.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
            Assert.False(p.Dup);
        }
        Assert.Equal(3, client.InFlight);
        await first.DisposeAsync(); // connection lost before any PUBACK

        var (second, _) = await broker.AcceptAsync();
        var resent = new List<PublishPacket>();
        for (int i = 0; i < 3; i++) resent.Add((PublishPacket)await second.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait));
        Assert.All(resent, p => Assert.True(p.Dup));
        Assert.Equal(["m0", "m1", "m2"], resent.Select(p => System.Text.Encoding.UTF8.GetString(p.Payload.Span)));
        foreach (var p in resent) await second.SendAsync(new PubAckPacket { PacketIdentifier = p.PacketIdentifier }, CancellationToken.None);
        await Task.WhenAll(publishes).WaitAsync(Wait);
        Assert.Equal(0, client.InFlight);
        Assert.Equal(3, client.Statistics.Resent);
    }

    [Fact]
    public async Task After_a_reconnect_no_new_publish_overtakes_the_unacknowledged_ones()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port));
        var connecting = client.ConnectAsync();
        var (first, _) = await broker.AcceptAsync();
        await connecting;
        var sub = client.SubscribeAsync("cmd/#");
        var subscribe = (SubscribePacket)await first.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        await first.SendAsync(new SubAckPacket { PacketIdentifier = subscribe.PacketIdentifier, ReasonCodes = [1] }, CancellationToken.None);
        await sub.WaitAsync(Wait);
        var old = client.PublishAsync(MqttApplicationMessage.Create("t", "old", MqttQualityOfService.AtLeastOnce));
        Assert.False(((PublishPacket)await first.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait)).Dup);
        await first.DisposeAsync();   // lost before its PUBACK

        // The new session has no state (clean session), so the client first restores its subscription. The broker
        // holds the SUBACK back; a publish made meanwhile must wait for the re-send of the older one.
        var (second, _) = await broker.AcceptAsync();
        var restore = (SubscribePacket)await second.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        while (!client.IsConnected) await Task.Delay(10);
        var fresh = client.PublishAsync(MqttApplicationMessage.Create("t", "new", MqttQualityOfService.AtLeastOnce));
        await Task.Delay(200);
        await second.SendAsync(new SubAckPacket { PacketIdentifier = restore.PacketIdentifier, ReasonCodes = [1] }, CancellationToken.None);
        var a = (PublishPacket)await second.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var b = (PublishPacket)await second.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        Assert.Equal(("old", true), (System.Text.Encoding.UTF8.GetString(a.Payload.Span), a.Dup));
        Assert.Equal(("new", false), (System.Text.Encoding.UTF8.GetString(b.Payload.Span), b.Dup));
        foreach (var p in new[] { a, b }) await second.SendAsync(new PubAckPacket { PacketIdentifier = p.PacketIdentifier }, CancellationToken.None);
        await Task.WhenAll(old, fresh).WaitAsync(Wait);
    }

    [Fact]
    public async Task A_publish_queued_while_offline_goes_out_without_dup()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port));
        var offline = client.PublishAsync(MqttApplicationMessage.Create("t", "queued", MqttQualityOfService.AtLeastOnce));
        var connecting = client.ConnectAsync();
        var (channel, _) = await broker.AcceptAsync();
        await connecting;
        var p = (PublishPacket)await channel.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        Assert.Equal(("queued", false), (System.Text.Encoding.UTF8.GetString(p.Payload.Span), p.Dup));
        await channel.SendAsync(new PubAckPacket { PacketIdentifier = p.PacketIdentifier }, CancellationToken.None);
        await offline.WaitAsync(Wait);
        Assert.Equal(0, client.Statistics.Resent);
    }

    [Fact]
    public async Task The_in_flight_window_holds_back_publishes_beyond_its_limit()
    {
        using var broker = new ScriptedBroker();
        await using var client = new MqttClient(Options(broker.Port) with { MaximumInFlight = 2 });
        var connecting = client.ConnectAsync();
        var (channel, _) = await broker.AcceptAsync();
        await connecting;
        var publishes = Enumerable.Range(0, 4).Select(i => client.PublishAsync(MqttApplicationMessage.Create("t", $"m{i}", MqttQualityOfService.AtLeastOnce))).ToArray();
        var a = (PublishPacket)await channel.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var b = (PublishPacket)await channel.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var third = channel.ReceiveAsync(CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(third.IsCompleted, "a third publish went out while two were unacknowledged");
        await channel.SendAsync(new PubAckPacket { PacketIdentifier = a.PacketIdentifier }, CancellationToken.None);
        var c = (PublishPacket)await third.WaitAsync(Wait);
        Assert.Equal("m2", System.Text.Encoding.UTF8.GetString(c.Payload.Span));
        await publishes[0].WaitAsync(Wait);
        Assert.False(publishes[1].IsCompleted);
    }

    [Fact]
    public void Reconnect_delays_grow_exponentially_with_jitter_up_to_the_cap()
    {
        var policy = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaximumDelay = TimeSpan.FromSeconds(30) };
        var rng = new Random(1);
        for (int attempt = 0; attempt < 12; attempt++)
        {
            double ceiling = Math.Min(30, Math.Pow(2, attempt));
            var delays = Enumerable.Range(0, 200).Select(_ => policy.GetDelay(attempt, rng).TotalSeconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Max() - delays.Min() > ceiling / 4, "delays are jittered"); // not all the same
        }
    }
}
