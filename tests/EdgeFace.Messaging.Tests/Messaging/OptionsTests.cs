using System.Text.Json.Nodes;
using EdgeFace.Core.Configuration;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeFace.Messaging.Tests.Messaging;

public class OptionsTests
{
    [Theory]
    [InlineData("mqtt://broker.lan", false, "broker.lan", 1883, null, null)]
    [InlineData("mqtts://broker.lan", true, "broker.lan", 8883, null, null)]
    [InlineData("mqtt://user:p%40ss@10.0.0.2:1999", false, "10.0.0.2", 1999, "user", "p@ss")]
    [InlineData("mqtts://only-user@h:8884", true, "h", 8884, "only-user", null)]
    [InlineData("mqtt://[::1]:1883", false, "::1", 1883, null, null)]
    public void Broker_urls_are_parsed(string url, bool tls, string host, int port, string? user, string? pass)
    {
        Assert.Equal(new MqttUrl(tls, host, port, user, pass), MqttUrl.Parse(url));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("http://x", "must start with mqtt")]
    [InlineData("broker:1883", "must start with mqtt")]
    [InlineData("mqtt://x/path", "path")]
    [InlineData("mqtt://:1883", "not a valid")]
    public void Bad_urls_get_a_clear_message(string url, string reason)
    {
        Assert.False(MqttUrl.TryParse(url, out _, out string? error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Passwords_never_appear_in_redacted_output()
    {
        Assert.Equal("mqtt://u:***@h:1", MqttUrl.Redact("mqtt://u:hunter2@h:1"));
        Assert.DoesNotContain("hunter2", MqttUrl.Parse("mqtt://u:hunter2@h").ToString());
        var config = JsonNode.Parse("""{"mqtt":{"url":"mqtt://u:hunter2@h","password":"hunter2","tls":{"key_file":"/k"}},"device_id":"d"}""");
        string redacted = SecretRedactor.Redact(config)!.ToJsonString();
        Assert.DoesNotContain("hunter2", redacted);
        Assert.DoesNotContain("/k", redacted);
        Assert.Contains("\"device_id\":\"d\"", redacted);
        var o = SecretRedactor.Redact(new MqttOptions { Url = "mqtt://a:b@c", Password = "pw" });
        Assert.Equal("***", o.Password);
        Assert.Equal("mqtt://a:***@c", o.Url);
    }

    [Fact]
    public void Validation_reports_every_bad_field_with_its_path()
    {
        var o = new MqttOptions
        {
            Url = "tcp:/x", Protocol = "4", KeepAliveS = 1, TopicPrefix = "a/#",
            Tls = new MqttTlsSettings { CaFile = "/nonexistent/ca.pem", CertFile = "/nonexistent/c.pem" },
            Outbox = new OutboxOptions { DropPolicy = "random", MaxBytes = 10 },
            LandmarksStream = new LandmarksStreamOptions { MaxRateHz = 0 },
            HomeAssistant = new HomeAssistantOptions { DiscoveryPrefix = "" },
        };
        var issues = new ConfigIssues();
        o.Validate("mqtt", issues);
        var paths = issues.Items.Select(i => i.Path).ToHashSet();
        foreach (var p in new[] { "mqtt.url", "mqtt.protocol", "mqtt.keep_alive_s", "mqtt.topic_prefix", "mqtt.tls.ca_file", "mqtt.tls.cert_file",
                     "mqtt.tls.key_file", "mqtt.outbox.drop_policy", "mqtt.outbox.max_bytes", "mqtt.landmarks_stream.max_rate_hz", "mqtt.home_assistant.discovery_prefix" })
            Assert.Contains(p, paths);
        var ok = new ConfigIssues();
        new MqttOptions().Validate("mqtt", ok);
        Assert.True(ok.IsValid, string.Join("; ", ok.Items));
    }

    [Fact]
    public void Broker_address_credentials_tls_files_and_outbox_path_are_local_only()
    {
        bool Local(Type t, string name) => t.GetProperty(name)!.IsDefined(typeof(LocalOnlyAttribute), false);
        foreach (var n in new[] { "Url", "Username", "Password", "PublishTimeoutS" }) Assert.True(Local(typeof(MqttOptions), n), n);
        // Every TLS field, including the switch: a remote change must not be able to turn TLS off or change what it trusts.
        foreach (var p in typeof(MqttTlsSettings).GetProperties()) Assert.True(p.IsDefined(typeof(LocalOnlyAttribute), false), p.Name);
        Assert.True(Local(typeof(OutboxOptions), "Path"));
        Assert.False(Local(typeof(MqttOptions), "IncludeLandmarks"));
    }

    [Fact]
    public void Client_options_come_from_url_and_fields_with_fields_winning()
    {
        var topics = new EdgeFaceTopics("edgeface/dev1");
        var limits = new IncomingLimits();
        var c = MqttClientOptionsFactory.Create(new MqttOptions { Url = "mqtts://u:p@h:9", Password = "field", Protocol = "5" }, "dev1", topics, limits);
        var tcp = Assert.IsType<MqttClientTcpOptions>(c.ChannelOptions);
        var endpoint = Assert.IsType<System.Net.DnsEndPoint>(tcp.RemoteEndpoint);
        Assert.Equal(("h", 9), (endpoint.Host, endpoint.Port));
        Assert.True(tcp.TlsOptions.UseTls);
        Assert.Equal("h", tcp.TlsOptions.TargetHost);
        Assert.Equal("u", c.Credentials.GetUserName(c));
        Assert.Equal("field", System.Text.Encoding.UTF8.GetString(c.Credentials.GetPassword(c)));
        Assert.Equal(MqttProtocolVersion.V500, c.ProtocolVersion);
        Assert.Equal((uint)limits.MaximumPacketBytes, c.MaximumPacketSize); // MQTT 5: the broker must not send more
        Assert.Equal("edgeface-dev1", c.ClientId);
        Assert.Equal("edgeface/dev1/status", c.WillTopic);
        Assert.True(c.WillRetain);
        var plain = MqttClientOptionsFactory.Create(new MqttOptions { Url = "mqtt://h" }, "dev1", topics, limits);
        Assert.False(((MqttClientTcpOptions)plain.ChannelOptions).TlsOptions?.UseTls ?? false);
        var switched = MqttClientOptionsFactory.Create(new MqttOptions { Url = "mqtt://h", Tls = new MqttTlsSettings { Enabled = true } }, "dev1", topics, limits);
        Assert.True(((MqttClientTcpOptions)switched.ChannelOptions).TlsOptions.UseTls);
    }
}
