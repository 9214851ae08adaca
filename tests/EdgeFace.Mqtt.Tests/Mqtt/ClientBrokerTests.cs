using System.Security.Authentication;
using System.Text;
using EdgeFace.Mqtt.Client;
using EdgeFace.Mqtt.Packets;
using EdgeFace.Mqtt.Tests.Fixtures;
using EdgeFace.Mqtt.Transport;
using EdgeFace.TestSupport;

namespace EdgeFace.Mqtt.Tests.Mqtt;

/// <summary>The client against a real mosquitto, with mosquitto_sub/mosquitto_pub as independent peers.</summary>
public class ClientBrokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    internal static MqttClientOptions Options(MosquittoBroker broker, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V311) => new()
    {
        Transport = new MqttTransportOptions { Host = "127.0.0.1", Port = broker.Port },
        ClientId = clientId,
        ProtocolVersion = version,
        KeepAlive = TimeSpan.FromSeconds(5),
        Reconnect = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaximumDelay = TimeSpan.FromMilliseconds(500) },
    };

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Qos1_publishes_are_acknowledged_and_reach_an_independent_subscriber_for_both_versions()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var sub = await MosquittoSub.StartAsync(broker, "t/#");
        foreach (var v in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            await using var client = new MqttClient(Options(broker, "pub-" + v, v));
            await client.ConnectAsync();
            for (int i = 0; i < 20; i++)
                await client.PublishAsync(MqttApplicationMessage.Create($"t/{v}", $"m{i}", MqttQualityOfService.AtLeastOnce)).WaitAsync(Wait);
            await client.PublishAsync(MqttApplicationMessage.Create($"t/{v}", "q2", MqttQualityOfService.ExactlyOnce)).WaitAsync(Wait);
            Assert.Equal(21, client.Statistics.Acknowledged);
            Assert.Equal(0, client.InFlight);
            await sub.WaitForLineAsync(l => l == $"0 t/{v} q2", Wait);
        }
        var lines = MosquittoSub.Messages(sub).ToList();
        foreach (var v in new[] { "V311", "V500" })
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"0 t/{v} m{i}").Append($"0 t/{v} q2"), lines.Where(l => l.Contains($"t/{v} ")));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub")]
    public async Task Subscriptions_receive_from_mosquitto_pub_at_every_qos()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var client = new MqttClient(Options(broker, "sub-1"));
        var received = new List<MqttApplicationMessage>();
        client.ApplicationMessageReceived = (m, _) => { lock (received) received.Add(m); return Task.CompletedTask; };
        await client.ConnectAsync();
        var granted = await client.SubscribeAsync([new MqttTopicFilter("in/+", MqttQualityOfService.ExactlyOnce)]);
        Assert.Equal([(byte)2], granted);
        for (int q = 0; q < 3; q++) await MosquittoSub.PublishAsync(broker, $"in/q{q}", $"payload {q}", qos: q);
        await Until(() => { lock (received) return received.Count == 3; });
        lock (received)
        {
            Assert.Equal(["in/q0", "in/q1", "in/q2"], received.Select(m => m.Topic).OrderBy(t => t));
            Assert.All(received, m => Assert.Equal($"payload {m.Topic[^1]}", Encoding.UTF8.GetString(m.Payload.Span)));
        }
        await client.UnsubscribeAsync("in/+");
        await MosquittoSub.PublishAsync(broker, "in/after", "x");
        await Task.Delay(300);
        lock (received) Assert.Equal(3, received.Count);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task Retained_messages_reach_a_later_subscriber_with_the_retain_flag()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using (var client = new MqttClient(Options(broker, "ret")))
        {
            await client.ConnectAsync();
            await client.PublishAsync(MqttApplicationMessage.Create("dev/status", "online", MqttQualityOfService.AtLeastOnce, retain: true));
        }
        var output = await Tool.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "dev/status", "-C", "1", "-W", "5", "-F", "%r %t %p"]);
        Assert.Equal("1 dev/status online", output.Trim());
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub")]
    public async Task The_last_will_is_delivered_when_the_socket_dies_but_not_after_a_clean_disconnect()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var sub = await MosquittoSub.StartAsync(broker, "dev/+/status");
        foreach (var (id, abort) in new[] { ("clean", false), ("crash", true) })
        {
            var client = new MqttClient(Options(broker, id) with
            {
                AutoReconnect = false,
                Will = MqttApplicationMessage.Create($"dev/{id}/status", "offline", MqttQualityOfService.AtLeastOnce, retain: true),
            });
            await client.ConnectAsync();
            await client.PublishAsync(MqttApplicationMessage.Create($"dev/{id}/status", "online", MqttQualityOfService.AtLeastOnce, retain: true));
            if (abort) client.AbortConnectionForTest();
            await client.DisposeAsync();
        }
        await sub.WaitForLineAsync(l => l == "1 dev/crash/status offline" || l == "0 dev/crash/status offline", Wait);
        await Task.Delay(300);
        Assert.DoesNotContain(MosquittoSub.Messages(sub), l => l.EndsWith("dev/clean/status offline"));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_passwd")]
    public async Task Username_and_password_are_checked_by_the_broker()
    {
        using var dir = TempDirectory.Create("auth");
        string pwfile = dir.File("passwd");
        File.WriteAllText(pwfile, "");
        await Tool.RunAsync("mosquitto_passwd", ["-b", pwfile, "edge", "s3cret"]);
        await using var broker = await MosquittoBroker.StartAsync($"allow_anonymous false\npassword_file {pwfile}");
        foreach (var v in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            await using var bad = new MqttClient(Options(broker, "bad", v) with { Username = "edge", Password = "wrong", AutoReconnect = false });
            var e = await Assert.ThrowsAsync<MqttConnectException>(() => bad.ConnectAsync());
            Assert.Contains(v == MqttProtocolVersion.V311 ? "not authorised" : "not authorised", e.Message.Replace("bad user name or password", "not authorised"));
            await using var good = new MqttClient(Options(broker, "good", v) with { Username = "edge", Password = "s3cret" });
            await good.ConnectAsync();
            await good.PublishAsync(MqttApplicationMessage.Create("a", "b", MqttQualityOfService.AtLeastOnce)).WaitAsync(Wait);
        }
    }

    [RequiresCommandFact("mosquitto", "openssl")]
    public async Task Tls_with_a_private_ca_server_name_check_and_client_certificate()
    {
        using var dir = TempDirectory.Create("tls");
        var certs = await Certificates.CreateAsync(dir.Path);
        await using var broker = await MosquittoBroker.StartAsync(
            $"allow_anonymous true\ncafile {certs.CaCert}\ncertfile {certs.ServerCert}\nkeyfile {certs.ServerKey}\nrequire_certificate true\nuse_identity_as_username true");
        MqttClientOptions Tls(MqttTlsOptions tls) => Options(broker, "tls") with
        {
            AutoReconnect = false,
            Transport = new MqttTransportOptions { Host = "127.0.0.1", Port = broker.Port, Tls = tls },
        };
        var good = new MqttTlsOptions { CaFile = certs.CaCert, CertFile = certs.ClientCert, KeyFile = certs.ClientKey, ServerName = "localhost" };
        await using (var client = new MqttClient(Tls(good)))
        {
            await client.ConnectAsync();
            await client.PublishAsync(MqttApplicationMessage.Create("secure", "x", MqttQualityOfService.AtLeastOnce)).WaitAsync(Wait);
        }
        // Wrong server name: the certificate says localhost.
        await using (var client = new MqttClient(Tls(good with { ServerName = "broker.example" })))
            await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync());
        // A CA that did not sign the broker certificate.
        await using (var client = new MqttClient(Tls(good with { CaFile = certs.ClientCert })))
            await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync());
        // No client certificate while the broker requires one.
        await using (var client = new MqttClient(Tls(good with { CertFile = null, KeyFile = null })))
            await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync());
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub")]
    public async Task After_a_broker_restart_the_client_reconnects_restores_subscriptions_and_delivers_queued_qos1()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var sub = await MosquittoSub.StartAsync(broker, "out/#");
        await using var client = new MqttClient(Options(broker, "restarter"));
        var received = new List<string>();
        client.ApplicationMessageReceived = (m, _) => { lock (received) received.Add(Encoding.UTF8.GetString(m.Payload.Span)); return Task.CompletedTask; };
        var states = new List<MqttConnectionStateChange>();
        client.ConnectionStateChanged += s => { lock (states) states.Add(s); };
        await client.ConnectAsync();
        await client.SubscribeAsync("cmd/#");

        await broker.StopAsync();
        await Until(() => !client.IsConnected);
        // Published while the broker is down: waits in the session, goes out after the reconnect.
        var queued = client.PublishAsync(MqttApplicationMessage.Create("out/x", "queued", MqttQualityOfService.AtLeastOnce));
        await Task.Delay(500);
        Assert.False(queued.IsCompleted);
        await broker.StartAgainAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(Wait);
        await queued.WaitAsync(Wait);

        // The restarted broker has no persistence: the subscription exists only because the client restored it.
        sub.Dispose();
        using var sub2 = await MosquittoSub.StartAsync(broker, "out/#");
        await MosquittoSub.PublishAsync(broker, "cmd/go", "after-restart");
        await Until(() => { lock (received) return received.Contains("after-restart"); });
        lock (states) Assert.Contains(states, s => !s.Connected);
        Assert.True(client.Statistics.Connects >= 2);
    }

    [RequiresCommandFact("mosquitto")]
    public async Task Mqtt5_response_topic_and_correlation_data_pass_through_the_broker()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var responder = new MqttClient(Options(broker, "responder", MqttProtocolVersion.V500));
        var got = new TaskCompletionSource<MqttApplicationMessage>();
        responder.ApplicationMessageReceived = (m, _) => { got.TrySetResult(m); return Task.CompletedTask; };
        await responder.ConnectAsync();
        await responder.SubscribeAsync("req/#");
        await using var requester = new MqttClient(Options(broker, "requester", MqttProtocolVersion.V500));
        await requester.ConnectAsync();
        await requester.PublishAsync(new MqttApplicationMessage
        {
            Topic = "req/health", Payload = "{}"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce,
            ResponseTopic = "resp/abc", CorrelationData = new byte[] { 1, 2, 3, 4 }, ContentType = "application/json",
            UserProperties = [new MqttUserProperty("who", "test")],
        });
        var m = await got.Task.WaitAsync(Wait);
        Assert.Equal("resp/abc", m.ResponseTopic);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, m.CorrelationData!.Value.ToArray());
        Assert.Equal("application/json", m.ContentType);
        Assert.Equal([new MqttUserProperty("who", "test")], m.UserProperties!);
    }

    [Fact]
    public async Task A_publish_larger_than_the_broker_accepts_is_rejected_and_frees_its_slot()
    {
        // mosquitto announces max_packet_size in its MQTT 5 CONNACK; the client must refuse to send past it
        await using var broker = await MosquittoBroker.StartAsync("allow_anonymous true\nmax_packet_size 200");
        await using var client = new MqttClient(Options(broker, "big", MqttProtocolVersion.V500) with { MaximumInFlight = 1 });
        await client.ConnectAsync();
        var big = client.PublishAsync(MqttApplicationMessage.Create("t/big", new string('x', 400), MqttQualityOfService.AtLeastOnce));
        var rejected = await Assert.ThrowsAsync<MqttRejectedException>(() => big.WaitAsync(Wait));
        Assert.Equal(0x95, rejected.ReasonCode);
        Assert.Equal(0, client.InFlight);
        // the single in-flight slot is free again and the connection still works
        await client.PublishAsync(MqttApplicationMessage.Create("t/small", "ok", MqttQualityOfService.AtLeastOnce)).WaitAsync(Wait);
        Assert.True(client.IsConnected);
    }

    [RequiresCommandFact("mosquitto", "mosquitto_pub")]
    public async Task A_persistent_session_keeps_subscriptions_and_queued_qos1_messages_across_a_disconnect()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var options = Options(broker, "persistent") with { CleanSession = false, AutoReconnect = false };
        var got = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using (var first = new MqttClient(options))
        {
            var r = await first.ConnectAsync();
            Assert.False(r.SessionPresent);
            await first.SubscribeAsync("jobs/#", MqttQualityOfService.AtLeastOnce);
            await first.DisconnectAsync();
        }
        // published while the client is away: the broker keeps it for the persistent session
        await Tool.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-q", "1", "-t", "jobs/1", "-m", "while-away"]);
        await using var second = new MqttClient(options);
        second.ApplicationMessageReceived = (m, _) => { got.Enqueue(System.Text.Encoding.UTF8.GetString(m.Payload.Span)); return Task.CompletedTask; };
        var again = await second.ConnectAsync();
        Assert.True(again.SessionPresent);
        await Until(() => got.Contains("while-away"));
    }

    internal static async Task Until(Func<bool> condition, double seconds = 10)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed.TotalSeconds > seconds) throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }
}
