using System.Net;
using System.Text;
using System.Text.Json;
using EdgeFace.Device.Board;
using EdgeFace.Device.Load;
using EdgeFace.Device.Metrics;
using EdgeFace.Device.Stats;
using EdgeFace.TestSupport;

namespace EdgeFace.Device.Tests;

public sealed class MetricsTests
{
    private static PerformanceReporter BusyReporter(out AdaptiveLoad load)
    {
        load = new AdaptiveLoad(new ThermalOptions(), 1);
        var reporter = new PerformanceReporter(new BoardInfo("Test \"board\" \\ x", "generic-x86-64", true), load, sampleInterval: TimeSpan.Zero);
        var capture = reporter.Stage("capture");
        var detect = reporter.Stage("detect");
        for (int i = 0; i < 50; i++)
        {
            reporter.FrameCaptured();
            capture.Record(1 + i % 5);
            if (i % 2 == 0) { detect.Record(20 + i); reporter.FrameDetected(i % 3); } else reporter.FrameSkipped();
        }
        reporter.FrameDropped();
        reporter.AddCaptureCounts(0, 0, rejected: 2);
        return reporter;
    }

    [Fact]
    public void Snapshot_counts_frames_and_serialises_with_snake_case()
    {
        using var reporter = BusyReporter(out _);
        var snap = reporter.Snapshot();
        Assert.Equal((50L, 25L, 25L, 1L, 2L), (snap.Frames.Captured, snap.Frames.Detected, snap.Frames.Skipped, snap.Frames.Dropped, snap.Frames.Rejected));
        Assert.Equal(Enumerable.Range(0, 25).Sum(k => (2 * k) % 3), snap.Frames.Faces);
        Assert.Equal(25, snap.Stages["detect"].Count);
        Assert.Equal(68, snap.Stages["detect"].MaxMs);
        string json = JsonSerializer.Serialize(snap, DeviceJsonContext.Default.StatsSnapshot);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(25, doc.RootElement.GetProperty("stages").GetProperty("detect").GetProperty("count").GetInt64());
        Assert.True(doc.RootElement.GetProperty("process").GetProperty("rss_mb").GetDouble() > 0);
        Assert.Equal(1, doc.RootElement.GetProperty("load").GetProperty("detect_every").GetInt32());
    }

    [RequiresCommandFact("promtool")]
    public void Exposition_passes_promtool_check_metrics()
    {
        using var reporter = BusyReporter(out _);
        string text = reporter.ToPrometheus();
        Assert.Contains("edgeface_stage_latency_seconds{stage=\"detect\",quantile=\"0.99\"}", text);
        Assert.Contains("board=\"Test \\\"board\\\" \\\\ x\"", text);
        var (exitCode, output) = Promtool.CheckMetrics(text);
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool: exit {exitCode}: {output}\n{text}");
    }

    [RequiresCommandFact("promtool")]
    public void Promtool_rejects_a_broken_page_so_the_check_can_fail()
    {
        var (exitCode, _) = Promtool.CheckMetrics("# TYPE x counter\nx{a=\"1\" 3\n");
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Writer_refuses_invalid_names()
    {
        var w = new PrometheusWriter(new StringBuilder());
        Assert.Throws<ArgumentException>(() => w.Family("edge-face", "gauge", "x"));
        Assert.Throws<ArgumentException>(() => w.Family("ok", "gauge", "x").Sample(1, ("bad label", "v")));
    }

    [Fact]
    public async Task Http_endpoint_serves_metrics_on_loopback()
    {
        using var reporter = BusyReporter(out _);
        await using var server = MetricsServer.Start("127.0.0.1", 0, reporter.ToPrometheus);
        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.EndPoint.Port}") };
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("edgeface_frames_total{outcome=\"captured\"} 50", body);
        Assert.Contains("edgeface_frames_total{outcome=\"rejected\"} 2", body);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public void Metrics_options_default_to_off_on_loopback()
    {
        var o = new MetricsOptions();
        Assert.False(o.Enabled);
        Assert.Equal("127.0.0.1", o.Bind);
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        new MetricsOptions { Bind = "localhost:80", Port = 70000 }.Validate("metrics", issues);
        Assert.Equal(["metrics.bind", "metrics.port"], issues.Items.Select(i => i.Path));
    }
}
