using EdgeFace.Core.Configuration;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Tests.Fixtures;
using EdgeFace.TestSupport;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>TLS follows one rule (mqtts:// or tls.enabled); credentials never go out in clear text when TLS is asked for.</summary>
public class TlsAndAuthTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly ReconnectBackoff Fast = new() { Initial = TimeSpan.FromMilliseconds(50), Maximum = TimeSpan.FromMilliseconds(200) };

    private static MqttOptions Options(string url, TempDirectory dir) => new()
    {
        Enabled = true, Url = url, Username = "edge", Password = "s3cret-pw", KeepAliveS = 5,
        Outbox = new OutboxOptions { Path = dir.File("outbox") }, HomeAssistant = new HomeAssistantOptions { Enabled = false },
    };

    [Theory]
    [InlineData("mqtts", false)]
    [InlineData("mqtt", true)]
    [InlineData("mqtt", false)] // the control: plain MQTT, so the check below can tell the two apart
    public async Task The_first_bytes_on_the_wire_are_a_tls_client_hello_whenever_the_local_config_asks_for_tls(string scheme, bool enabled)
    {
        using var server = new RecordingBroker { RecordOnly = true };
        using var dir = TempDirectory.Create("tls-wire");
        var options = Options($"{scheme}://127.0.0.1:{server.Port}", dir);
        options.Tls.Enabled = enabled;
        await using var service = new MqttService(options, "wire", backoff: Fast);
        await service.StartAsync();
        await Eventually.Until(() => server.FirstBytes.Count > 0, 10, "a connection attempt");
        var first = server.FirstBytes[0];
        bool tls = scheme == "mqtts" || enabled;
        string text = System.Text.Encoding.Latin1.GetString(first);
        if (tls)
        {
            // TLS record: handshake (22), version 3.x, then a ClientHello (1); no MQTT CONNECT, no password
            Assert.Equal(0x16, first[0]);
            Assert.Equal(0x03, first[1]);
            Assert.Equal(0x01, first[5]);
            Assert.DoesNotContain("MQTT", text);
            Assert.DoesNotContain("s3cret", text);
        }
        else
        {
            Assert.Equal(0x10, first[0]); // CONNECT in clear: what must never happen when TLS was asked for
            Assert.Contains("MQTT", text);
        }
    }

    [Fact]
    public void A_ca_file_alone_does_not_switch_tls_on_it_is_a_validation_error_for_an_mqtt_url()
    {
        using var dir = TempDirectory.Create("tls-rule");
        File.WriteAllText(dir.File("ca.pem"), "");
        var o = Options("mqtt://127.0.0.1:1883", dir);
        o.Tls.CaFile = dir.File("ca.pem");
        var issues = new ConfigIssues();
        o.Validate("mqtt", issues);
        var issue = Assert.Single(issues.Items, i => i.Path == "mqtt.tls.ca_file");
        Assert.Contains("TLS is off", issue.Message);
        var e = Assert.Throws<ArgumentException>(() => new MqttService(o, "rule"));
        Assert.Contains("mqtt.tls.ca_file", e.Message);
        // A server name alone has no effect without TLS and no history of switching it on: valid (the service warns).
        var nameOnly = Options("mqtt://127.0.0.1:1883", dir);
        nameOnly.Tls.ServerName = "broker.lan";
        var nameIssues = new ConfigIssues();
        nameOnly.Validate("mqtt", nameIssues);
        Assert.True(nameIssues.IsValid, string.Join("; ", nameIssues.Items));
        // Either explicit switch makes the same settings valid.
        o.Tls.Enabled = true;
        var ok = new ConfigIssues();
        o.Validate("mqtt", ok);
        Assert.True(ok.IsValid, string.Join("; ", ok.Items));
        o.Tls.Enabled = false;
        o.Url = "mqtts://127.0.0.1:8883";
        ok = new ConfigIssues();
        o.Validate("mqtt", ok);
        Assert.True(ok.IsValid, string.Join("; ", ok.Items));
    }

    [RequiresCommandFact("mosquitto", "mosquitto_sub", "openssl")]
    public async Task Tls_with_a_generated_ca_server_name_and_client_certificate_against_mosquitto()
    {
        using var dir = TempDirectory.Create("tls");
        var certs = await Certificates.CreateAsync(dir.Path);
        await using var broker = await MosquittoBroker.StartAsync(
            $"allow_anonymous true\ncafile {certs.CaCert}\ncertfile {certs.ServerCert}\nkeyfile {certs.ServerKey}\nrequire_certificate true\nuse_identity_as_username true");
        MqttOptions Tls(Action<MqttTlsSettings> edit, string name)
        {
            var o = Options($"mqtts://127.0.0.1:{broker.Port}", dir);
            o.Username = null; o.Password = null;
            o.Outbox.Path = dir.File("outbox-" + name);
            o.Tls = new MqttTlsSettings { CaFile = certs.CaCert, CertFile = certs.ClientCert, KeyFile = certs.ClientKey, ServerName = "localhost" };
            edit(o.Tls);
            return o;
        }
        using var sub = Tool.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "--cafile", certs.CaCert, "--cert", certs.ClientCert,
            "--key", certs.ClientKey, "--insecure", "-t", "edgeface/tls/events", "-q", "1"]);
        await Task.Delay(500);
        await using (var service = new MqttService(Tls(_ => { }, "good"), "tls", backoff: Fast))
        {
            await service.StartAsync();
            await service.WaitUntilConnectedAsync().WaitAsync(Wait);
            Assert.True(TestEvents.PublishOne(service));
            await sub.WaitForLineAsync(l => l.Contains("\"seq\":1"), Wait);
        }
        // Each of these must fail the handshake: wrong name, a CA that did not sign the broker, no client certificate.
        foreach (var (name, edit) in new (string, Action<MqttTlsSettings>)[]
                 {
                     ("wrong-name", t => t.ServerName = "broker.example"),
                     ("wrong-ca", t => t.CaFile = certs.ClientCert),
                     ("no-client-cert", t => { t.CertFile = null; t.KeyFile = null; }),
                 })
        {
            await using var bad = new MqttService(Tls(edit, name), "tls-" + name, backoff: Fast);
            await bad.StartAsync();
            await Task.Delay(1500);
            Assert.False(bad.Connection.IsConnected, name);
            Assert.Equal(0, bad.Status.Connects);
        }
    }

    [RequiresCommandFact("mosquitto", "mosquitto_passwd")]
    public async Task Username_and_password_are_checked_by_the_broker_for_both_versions()
    {
        using var dir = TempDirectory.Create("auth");
        string pwfile = dir.File("passwd");
        File.WriteAllText(pwfile, "");
        await Tool.RunAsync("mosquitto_passwd", ["-b", pwfile, "edge", "s3cret-pw"]);
        await using var broker = await MosquittoBroker.StartAsync($"allow_anonymous false\npassword_file {pwfile}");
        foreach (var protocol in new[] { "3.1.1", "5" })
        {
            var good = Options($"mqtt://127.0.0.1:{broker.Port}", dir);
            good.Protocol = protocol;
            good.Outbox.Path = dir.File("outbox-good-" + protocol);
            await using (var service = new MqttService(good, "auth", backoff: Fast))
            {
                await service.StartAsync();
                await service.WaitUntilConnectedAsync().WaitAsync(Wait);
            }
            var bad = Options($"mqtt://edge:wrong@127.0.0.1:{broker.Port}", dir);
            bad.Password = null; bad.Protocol = protocol;
            bad.Outbox.Path = dir.File("outbox-bad-" + protocol);
            await using var refused = new MqttService(bad, "auth-bad", backoff: Fast);
            await refused.StartAsync();
            await Task.Delay(1000);
            Assert.False(refused.Connection.IsConnected, protocol);
        }
    }
}
