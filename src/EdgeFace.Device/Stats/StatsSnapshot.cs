using System.Text.Json.Serialization;

namespace EdgeFace.Device.Stats;

/// <summary>Everything the device reports about itself at one moment (published as JSON, e.g. on MQTT stats).</summary>
public sealed record StatsSnapshot
{
    [JsonPropertyName("uptime_s")] public double UptimeSeconds { get; init; }
    [JsonPropertyName("board")] public string? Board { get; init; }
    [JsonPropertyName("profile")] public string? Profile { get; init; }
    [JsonPropertyName("frames")] public FrameCounters Frames { get; init; } = new();
    [JsonPropertyName("fps")] public FrameRates Fps { get; init; } = new();
    /// <summary>Latency per pipeline stage, by stage name.</summary>
    [JsonPropertyName("stages")] public Dictionary<string, StageLatency> Stages { get; init; } = new();
    [JsonPropertyName("process")] public ProcessStats Process { get; init; } = new();
    [JsonPropertyName("thermal")] public ThermalStats Thermal { get; init; } = new();
    [JsonPropertyName("load")] public LoadStats Load { get; init; } = new();
}

public sealed record FrameCounters
{
    [JsonPropertyName("captured")] public long Captured { get; init; }
    [JsonPropertyName("detected")] public long Detected { get; init; }
    /// <summary>Frames that skipped detection on purpose (detect_every, adaptive load, paused by input).</summary>
    [JsonPropertyName("skipped")] public long Skipped { get; init; }
    /// <summary>Frames lost because the pipeline was busy.</summary>
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
    /// <summary>Frames refused as unusable: over the image size limit, or failed in processing (e.g. a corrupt JPEG).</summary>
    [JsonPropertyName("rejected")] public long Rejected { get; init; }
    [JsonPropertyName("faces")] public long Faces { get; init; }
}

public sealed record FrameRates
{
    [JsonPropertyName("capture")] public double Capture { get; init; }
    [JsonPropertyName("detection")] public double Detection { get; init; }
    [JsonPropertyName("skipped")] public double Skipped { get; init; }
    /// <summary>Frames per second the capture queue (or the source itself) dropped because processing fell behind.</summary>
    [JsonPropertyName("dropped")] public double Dropped { get; init; }
}

public sealed record StageLatency
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("mean_ms")] public double MeanMs { get; init; }
    [JsonPropertyName("p50_ms")] public double P50Ms { get; init; }
    [JsonPropertyName("p95_ms")] public double P95Ms { get; init; }
    [JsonPropertyName("p99_ms")] public double P99Ms { get; init; }
    [JsonPropertyName("max_ms")] public double MaxMs { get; init; }
}

public sealed record ProcessStats
{
    [JsonPropertyName("cpu_percent")] public double CpuPercent { get; init; }
    [JsonPropertyName("cpu_percent_machine")] public double CpuPercentOfMachine { get; init; }
    /// <summary>
    /// Process CPU time per frame the models ran on, over the last sampling interval: on a board, CPU is power and
    /// heat. Everything the process did counts (capture, decode, MQTT). Null until two samples exist or while no frame
    /// is detected, rather than a made-up 0.
    /// </summary>
    [JsonPropertyName("cpu_ms_per_frame")] public double? CpuMsPerFrame { get; init; }
    [JsonPropertyName("rss_mb")] public double RssMb { get; init; }
    [JsonPropertyName("gc_heap_mb")] public double GcHeapMb { get; init; }
    [JsonPropertyName("gc_gen0")] public int Gen0 { get; init; }
    [JsonPropertyName("gc_gen1")] public int Gen1 { get; init; }
    [JsonPropertyName("gc_gen2")] public int Gen2 { get; init; }
}

public sealed record ThermalStats
{
    [JsonPropertyName("temperature_c")] public double? TemperatureC { get; init; }
    [JsonPropertyName("zone")] public string? Zone { get; init; }
    /// <summary>Raspberry Pi firmware flags (hex as vcgencmd prints it), null on other boards.</summary>
    [JsonPropertyName("pi_throttled")] public string? PiThrottled { get; init; }
    [JsonPropertyName("under_voltage")] public bool? UnderVoltage { get; init; }
}

public sealed record LoadStats
{
    [JsonPropertyName("throttled")] public bool Throttled { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("detect_every")] public int DetectEvery { get; init; } = 1;
    [JsonPropertyName("transitions")] public long Transitions { get; init; }
}
