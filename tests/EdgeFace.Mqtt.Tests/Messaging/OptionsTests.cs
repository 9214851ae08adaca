using System.Text.Json.Nodes;
using EdgeFace.Core.Configuration;
using EdgeFace.Messaging;
using EdgeFace.Messaging.Options;

namespace EdgeFace.Mqtt.Tests.Messaging;

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
        foreach (var n in new[] { "Url", "Username", "Password" }) Assert.True(Local(typeof(MqttOptions), n), n);
        foreach (var n in new[] { "CaFile", "CertFile", "KeyFile", "ServerName" }) Assert.True(Local(typeof(MqttTlsSettings), n), n);
        Assert.True(Local(typeof(OutboxOptions), "Path"));
        Assert.False(Local(typeof(MqttOptions), "IncludeLandmarks"));
    }

    [Fact]
    public void Client_options_come_from_url_and_fields_with_fields_winning()
    {
        var topics = new EdgeFaceTopics("edgeface/dev1");
        var c = MqttClientOptionsFactory.Create(new MqttOptions { Url = "mqtts://u:p@h:9", Password = "field", Protocol = "5" }, "dev1", topics);
        Assert.Equal("h", c.Transport.Host);
        Assert.Equal(9, c.Transport.Port);
        Assert.NotNull(c.Transport.Tls);
        Assert.Equal("u", c.Username);
        Assert.Equal("field", c.Password);
        Assert.Equal(MqttProtocolVersion.V500, c.ProtocolVersion);
        Assert.Equal("edgeface-dev1", c.ClientId);
        Assert.Equal("edgeface/dev1/status", c.Will!.Topic);
        Assert.True(c.Will.Retain);
    }
}
