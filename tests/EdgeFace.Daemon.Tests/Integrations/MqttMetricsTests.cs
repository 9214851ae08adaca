using EdgeFace.Integrations;
using EdgeFace.Messaging;
using EdgeFace.TestSupport;

namespace EdgeFace.Daemon.Tests.Integrations;

/// <summary>The MQTT counters on the stats topic and /metrics, including the oversized messages skipped (issue 12 item 2).</summary>
public class MqttMetricsTests
{
    private static readonly MqttServiceStatus Sample = new(Connected: true, Queued: 3, Dropped: 2, Sent: 1234, OutboxBytes: 780, Connects: 4,
        LandmarksSkipped: 9, OversizedSkipped: 7, PublishTimeouts: 1);

    [Fact]
    public void The_stats_document_carries_every_counter()
    {
        var json = MqttMetrics.ToJson(Sample);
        Assert.Equal(7, (long)json["oversized_skipped"]!);
        Assert.Equal(1, (long)json["publish_timeouts"]!);
        Assert.Equal(1234, (long)json["sent"]!);
        Assert.Equal(4, (long)json["connects"]!);
        Assert.True((bool)json["connected"]!);
        Assert.Equal("", MqttMetrics.ToPrometheus(null)); // MQTT off: no families at all
    }

    [RequiresCommandFact("promtool")]
    public void The_exposition_passes_promtool_check_metrics()
    {
        string text = MqttMetrics.ToPrometheus(Sample);
        Assert.Contains("edgeface_mqtt_oversized_skipped_total 7\n", text);
        Assert.Contains("edgeface_mqtt_connected 1\n", text);
        var (exitCode, output) = Promtool.CheckMetrics(text);
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool: exit {exitCode}: {output}\n{text}");
    }
}
