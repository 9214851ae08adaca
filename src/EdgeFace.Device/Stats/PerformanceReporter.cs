using System.Text;
using EdgeFace.Device.Board;
using EdgeFace.Device.Load;
using EdgeFace.Device.Metrics;

namespace EdgeFace.Device.Stats;

/// <summary>
/// The pipeline's performance book-keeping. At set-up take a <see cref="LatencyWindow"/> per stage with
/// <see cref="Stage"/>; per frame record stage timings and call <see cref="FrameCaptured"/> /
/// <see cref="FrameDetected"/> / <see cref="FrameSkipped"/> (all allocation-free). A timer samples the process,
/// temperature and throttling every <c>sampleInterval</c> and feeds <see cref="AdaptiveLoad"/>.
/// <see cref="Snapshot"/> gives a JSON-serialisable object, <see cref="ToPrometheus"/> the /metrics text.
/// </summary>
public sealed class PerformanceReporter : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LatencyWindow> _stages = new(StringComparer.Ordinal);
    private readonly List<LatencyWindow> _stageOrder = new();
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly ProcessSampler _process;
    private readonly ThermalSensor _thermal;
    private readonly PiThrottling _throttling;
    private readonly ITimer? _timer;
    private readonly string _version;

    private long _captured, _detected, _skipped, _dropped, _rejected, _faces;
    private long _lastCaptured, _lastDetected, _lastSkipped, _lastDropped, _lastSampleAt;
    private ProcessSample _lastProcess;
    private double? _lastTemperature;
    private ThrottleState? _lastThrottle;
    private FrameRates _rates = new();

    public PerformanceReporter(
        BoardInfo? board = null,
        AdaptiveLoad? load = null,
        ProcessSampler? process = null,
        ThermalSensor? thermal = null,
        PiThrottling? throttling = null,
        TimeProvider? clock = null,
        TimeSpan? sampleInterval = null)
    {
        Board = board;
        Load = load;
        _clock = clock ?? TimeProvider.System;
        _process = process ?? new ProcessSampler(clock: _clock);
        _thermal = thermal ?? new ThermalSensor();
        _throttling = throttling ?? new PiThrottling();
        _start = _lastSampleAt = _clock.GetTimestamp();
        _version = typeof(PerformanceReporter).Assembly.GetName().Version?.ToString(3) ?? "0";
        var interval = sampleInterval ?? TimeSpan.FromSeconds(2);
        if (interval > TimeSpan.Zero) _timer = _clock.CreateTimer(_ => Sample(), null, interval, interval);
        Sample();
    }

    public BoardInfo? Board { get; }

    /// <summary>Whether the machine has a thermal zone to read (no temperature is reported without one).</summary>
    public bool HasTemperatureSensor => _thermal.Available;
    public AdaptiveLoad? Load { get; }

    /// <summary>The latency window of a stage (created on first use: call at set-up, keep the reference).</summary>
    public LatencyWindow Stage(string name)
    {
        lock (_gate)
        {
            if (!_stages.TryGetValue(name, out var w))
            {
                _stages[name] = w = new LatencyWindow(name);
                _stageOrder.Add(w);
            }
            return w;
        }
    }

    public void FrameCaptured() => Interlocked.Increment(ref _captured);

    public void FrameDetected(int faces)
    {
        Interlocked.Increment(ref _detected);
        Interlocked.Add(ref _faces, faces);
    }

    public void FrameSkipped() => Interlocked.Increment(ref _skipped);

    public void FrameDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>Counts frames captured and dropped elsewhere (the capture supervisor keeps its own counters).</summary>
    public void AddCaptureCounts(long captured, long dropped, long rejected = 0)
    {
        Interlocked.Add(ref _captured, captured);
        Interlocked.Add(ref _dropped, dropped);
        Interlocked.Add(ref _rejected, rejected);
    }

    /// <summary>
    /// Runs at the start of every sample, before the rates are computed: the owner brings counters kept elsewhere up
    /// to date here, so rates are not skewed by when those counters happen to be copied.
    /// </summary>
    public Action? BeforeSample { get; set; }

    /// <summary>Samples process, temperature and throttling now and updates the adaptive load (the timer calls this).</summary>
    public void Sample()
    {
        BeforeSample?.Invoke();
        var process = _process.Sample();
        double? temp = _thermal.ReadCelsius();
        var throttle = _throttling.Read();
        long now = _clock.GetTimestamp();
        lock (_gate)
        {
            double seconds = _clock.GetElapsedTime(_lastSampleAt, now).TotalSeconds;
            long c = Interlocked.Read(ref _captured), d = Interlocked.Read(ref _detected), s = Interlocked.Read(ref _skipped);
            long x = Interlocked.Read(ref _dropped);
            if (seconds > 0.05)
            {
                _rates = new FrameRates
                {
                    Capture = (c - _lastCaptured) / seconds,
                    Detection = (d - _lastDetected) / seconds,
                    Skipped = (s - _lastSkipped) / seconds,
                    Dropped = (x - _lastDropped) / seconds,
                };
                (_lastCaptured, _lastDetected, _lastSkipped, _lastDropped, _lastSampleAt) = (c, d, s, x, now);
            }
            _lastProcess = process;
            _lastTemperature = temp;
            _lastThrottle = throttle;
        }
        Load?.Update(temp, process.CpuPercentOfMachine);
    }

    public StatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            var stages = new Dictionary<string, StageLatency>(StringComparer.Ordinal);
            foreach (var w in _stageOrder)
            {
                var s = w.Summarize();
                stages[w.Name] = new StageLatency { Count = s.TotalCount, MeanMs = Round(s.MeanMs), P50Ms = Round(s.P50Ms), P95Ms = Round(s.P95Ms), P99Ms = Round(s.P99Ms), MaxMs = Round(s.MaxMs) };
            }
            var load = Load?.State;
            return new StatsSnapshot
            {
                UptimeSeconds = Math.Round(_clock.GetElapsedTime(_start).TotalSeconds, 1),
                Board = Board?.Model,
                Profile = Board?.Profile,
                Frames = new FrameCounters
                {
                    Captured = Interlocked.Read(ref _captured), Detected = Interlocked.Read(ref _detected),
                    Skipped = Interlocked.Read(ref _skipped), Dropped = Interlocked.Read(ref _dropped), Rejected = Interlocked.Read(ref _rejected), Faces = Interlocked.Read(ref _faces),
                },
                Fps = _rates with { Capture = Round(_rates.Capture), Detection = Round(_rates.Detection), Skipped = Round(_rates.Skipped), Dropped = Round(_rates.Dropped) },
                Stages = stages,
                Process = new ProcessStats
                {
                    CpuPercent = Round(_lastProcess.CpuPercent), CpuPercentOfMachine = Round(_lastProcess.CpuPercentOfMachine),
                    // CPU % of one core is CPU-ms per 10 ms of wall time; per detected frame at the detection rate
                    CpuMsPerFrame = _lastProcess.CpuPercent > 0 && _rates.Detection > 0 ? Round(_lastProcess.CpuPercent * 10 / _rates.Detection) : null,
                    RssMb = Round(_lastProcess.RssBytes / 1048576.0), GcHeapMb = Round(_lastProcess.GcHeapBytes / 1048576.0),
                    Gen0 = _lastProcess.Gen0Collections, Gen1 = _lastProcess.Gen1Collections, Gen2 = _lastProcess.Gen2Collections,
                },
                Thermal = new ThermalStats
                {
                    TemperatureC = _lastTemperature is double t ? Math.Round(t, 1) : null,
                    Zone = _thermal.ZoneType,
                    PiThrottled = _lastThrottle is { } th ? $"0x{th.Raw:x}" : null,
                    UnderVoltage = _lastThrottle?.UnderVoltage,
                },
                Load = load is null ? new LoadStats() : new LoadStats { Throttled = load.Throttled, Reason = load.Reason, DetectEvery = load.DetectEvery, Transitions = load.Transitions },
            };
        }
    }

    /// <summary>The Prometheus text exposition of the current state (what /metrics serves).</summary>
    public string ToPrometheus()
    {
        var snap = Snapshot();
        var sb = new StringBuilder(4096);
        var w = new PrometheusWriter(sb);
        w.Family("edgeface_build_info", "gauge", "EdgeFace version and device profile.")
            .Sample(1, ("version", _version), ("profile", snap.Profile ?? "unknown"), ("board", snap.Board ?? "unknown"));
        w.Family("edgeface_uptime_seconds", "gauge", "Seconds since the daemon started.").Sample(snap.UptimeSeconds);
        w.Family("edgeface_frames_total", "counter", "Frames by outcome: captured, detected, skipped (by design), dropped (busy), rejected (unusable).")
            .Sample(snap.Frames.Captured, ("outcome", "captured"))
            .Sample(snap.Frames.Detected, ("outcome", "detected"))
            .Sample(snap.Frames.Skipped, ("outcome", "skipped"))
            .Sample(snap.Frames.Dropped, ("outcome", "dropped"))
            .Sample(snap.Frames.Rejected, ("outcome", "rejected"));
        w.Family("edgeface_faces_total", "counter", "Faces detected.").Sample(snap.Frames.Faces);
        w.Family("edgeface_fps", "gauge", "Frames per second over the last sampling interval.")
            .Sample(snap.Fps.Capture, ("kind", "capture"))
            .Sample(snap.Fps.Detection, ("kind", "detection"))
            .Sample(snap.Fps.Skipped, ("kind", "skipped"))
            .Sample(snap.Fps.Dropped, ("kind", "dropped"));
        w.Family("edgeface_stage_latency_seconds", "summary", "Per-stage latency over the recent window (quantiles) and since start (sum, count).");
        lock (_gate)
        {
            foreach (var stage in _stageOrder)
            {
                var s = stage.Summarize();
                w.Sample(s.P50Ms / 1000, ("stage", stage.Name), ("quantile", "0.5"))
                 .Sample(s.P95Ms / 1000, ("stage", stage.Name), ("quantile", "0.95"))
                 .Sample(s.P99Ms / 1000, ("stage", stage.Name), ("quantile", "0.99"))
                 .Sample("_sum", s.TotalMs / 1000, ("stage", stage.Name))
                 .Sample("_count", s.TotalCount, ("stage", stage.Name));
            }
        }
        w.Family("edgeface_process_cpu_percent", "gauge", "Process CPU use over the last interval, 100 = one core.").Sample(snap.Process.CpuPercent);
        if (snap.Process.CpuMsPerFrame is double cpuPerFrame)
            w.Family("edgeface_process_cpu_ms_per_frame", "gauge", "Process CPU milliseconds per detected frame over the last interval.").Sample(cpuPerFrame);
        w.Family("edgeface_process_resident_memory_bytes", "gauge", "Resident set size.").Sample(snap.Process.RssMb * 1048576.0);
        w.Family("edgeface_gc_collections_total", "counter", ".NET garbage collections by generation.")
            .Sample(snap.Process.Gen0, ("generation", "0"))
            .Sample(snap.Process.Gen1, ("generation", "1"))
            .Sample(snap.Process.Gen2, ("generation", "2"));
        if (snap.Thermal.TemperatureC is double temp)
            w.Family("edgeface_soc_temperature_celsius", "gauge", "SoC/CPU temperature.").Sample(temp, ("zone", snap.Thermal.Zone ?? "unknown"));
        if (_lastThrottle is { } th)
            w.Family("edgeface_pi_throttled", "gauge", "Raspberry Pi firmware throttling flags (get_throttled bits).")
                .Sample(th.UnderVoltage ? 1 : 0, ("flag", "under_voltage"))
                .Sample(th.FrequencyCapped ? 1 : 0, ("flag", "frequency_capped"))
                .Sample(th.Throttled ? 1 : 0, ("flag", "throttled"))
                .Sample(th.SoftTemperatureLimit ? 1 : 0, ("flag", "soft_temperature_limit"));
        w.Family("edgeface_load_throttled", "gauge", "1 while adaptive load detects on fewer frames.").Sample(snap.Load.Throttled ? 1 : 0);
        w.Family("edgeface_load_detect_every", "gauge", "Detection runs on every Nth frame.").Sample(snap.Load.DetectEvery);
        return sb.ToString();
    }

    private static double Round(double v) => Math.Round(v, 3);

    public void Dispose() => _timer?.Dispose();
}
