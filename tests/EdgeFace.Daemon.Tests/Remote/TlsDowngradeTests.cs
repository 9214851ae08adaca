using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Remote;

namespace EdgeFace.Daemon.Tests.Remote;

/// <summary>
/// The TLS rule (mqtts:// or mqtt.tls.enabled, local file only) cannot be downgraded remotely: a device whose TLS
/// comes from tls.enabled with an mqtt:// URL keeps it against every request shape, and so does the publish timeout.
/// </summary>
public class TlsDowngradeTests
{
    private const string DeviceFile = """
        {"profile":"none","mqtt":{"enabled":true,"url":"mqtt://broker.lan:8883","username":"cam","password":"s3cret",
         "publish_timeout_s":15,"tls":{"enabled":true,"ca_file":"/etc/edgeface/ca.pem"}}}
        """;

    private static IReadOnlyList<string> Refused(string patch) =>
        LocalOnlyGuard.Refused(ConfigLoader.Build([("file", JsonNode.Parse(DeviceFile)!.AsObject())]).Effective, JsonNode.Parse(patch)!.AsObject());

    [Theory]
    [InlineData("""{"mqtt":{"tls":{"enabled":false}}}""")]
    [InlineData("""{"mqtt":{"tls":{"enabled":null}}}""")]
    [InlineData("""{"mqtt":{"tls":null}}""")]
    [InlineData("""{"mqtt":{"tls":[]}}""")]
    [InlineData("""{"mqtt":{"tls":false}}""")]
    [InlineData("""{"mqtt":null}""")]
    public void Switching_tls_off_is_refused_by_every_route(string patch)
    {
        var refused = Refused(patch);
        Assert.Contains(refused, p => p.StartsWith("mqtt", StringComparison.Ordinal));
    }

    [Fact]
    public void The_publish_timeout_is_local_only_too()
    {
        Assert.Contains("mqtt.publish_timeout_s", Refused("""{"mqtt":{"publish_timeout_s":300}}"""));
        Assert.Empty(Refused("""{"mqtt":{"include_landmarks":true}}"""));
    }
}
