using System.Diagnostics;
using EdgeFace.Capture.Supervision;
using EdgeFace.Composition;
using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Events;
using EdgeFace.Device.Board;
using EdgeFace.Device.Load;
using EdgeFace.Device.Metrics;
using EdgeFace.Device.Stats;
using EdgeFace.Device.Systemd;
using EdgeFace.Pipeline;
using EdgeFace.Supervision;

namespace EdgeFace.Hosting;

/// <summary>
/// The daemon's composition root: it builds the <see cref="StageComposer"/> and the <see cref="FrameLoop"/> that owns
/// the running stages, attaches the outputs (stdout, MQTT, GPIO: <c>DaemonHost.Integrations.cs</c>), and runs the
/// process-level parts around them: the performance reporter, systemd notification and watchdog, the metrics
/// endpoint. It never touches a running stage itself: changes go to the loop as commands.
/// </summary>
public sealed partial class DaemonHost : IAsyncDisposable
{
    private const string Component = "daemon";
    private readonly RunRequest _request;
    private readonly IModelFactory _models;
    private readonly ICaptureFactory _captures;
    private readonly FaceEventPool _eventPool = new();
    private readonly List<IEventSink> _sinks = new();
    private readonly PerformanceReporter _reporter;
    private readonly AdaptiveLoad _load;
    private readonly SdNotify? _notify;
    private readonly Watchdog? _watchdog;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly object _countsGate = new();
    private EdgeFaceConfig _config;
    private FrameLoop? _loop;
    private MetricsServer? _metrics;
    private long _capturedSeen, _droppedSeen, _rejectedSeen;

    /// <param name="models">Builds the model stage (default: the configured ONNX models).</param>
    /// <param name="captures">Builds the capture for the configured source (default: the source URI).</param>
    public DaemonHost(EdgeFaceConfig config, RunRequest request, IModelFactory? models = null, ICaptureFactory? captures = null)
    {
        _config = config;
        _request = request;
        _models = models ?? new OnnxModelFactory();
        _captures = captures ?? new SourceCaptureFactory();
        DeviceId = DeviceIdentity.Resolve(config.DeviceId);
        var board = new BoardDetector().Detect();
        _load = new AdaptiveLoad(config.Thermal, config.Detection.DetectEvery);
        _reporter = new PerformanceReporter(board, _load);
        _reporter.BeforeSample = SyncCaptureCounts;
        _notify = SdNotify.FromEnvironment();
        _watchdog = _notify is null ? null : Watchdog.FromEnvironment(_notify);
    }

    public string DeviceId { get; }
    public EdgeFaceConfig Config => _config;
    public PerformanceReporter Reporter => _reporter;
    /// <summary>The camera's state (Starting until the frame loop runs).</summary>
    public CameraState Camera => _loop?.Camera ?? CameraState.Starting;
    public PipelineCounters? Counters => _loop?.Counters;
    /// <summary>Milliseconds from construction to the first processed frame (-1 until then).</summary>
    public double FirstFrameMs { get; private set; } = -1;

    /// <summary>Adds an event sink (stdout, MQTT). Call before <see cref="RunAsync"/>.</summary>
    public void AddSink(IEventSink sink) => _sinks.Add(sink);

    /// <summary>
    /// Runs the daemon until stopped. 0 on shutdown, after --max-frames, or when a finite source played to its end;
    /// 1 when the source failed or never delivered a frame, so that systemd (Restart=on-failure) tries again.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        await using var dispatcher = new EventDispatcher(_eventPool, _sinks);
        var composer = new StageComposer(_models, _captures, dispatcher, Observers(), new FirstFrameRecorder(this, new StageRecorder(_reporter)));
        var loop = new FrameLoop(composer, _config, _eventPool, LandmarkSink());
        loop.RequestPause(!DetectionAllowed);
        if (_config.Metrics.Enabled)
        {
            _metrics = MetricsServer.Start(_config.Metrics, () => _reporter.ToPrometheus() + EdgeFace.Integrations.MqttMetrics.ToPrometheus(_mqtt?.Status));
            Log.Info(Component, $"metrics on http://{_metrics.EndPoint}/metrics");
        }
        _loop = loop;
        using var statusTimer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var run = loop.RunAsync(_request.MaxFrames, stop);   // returns at its first wait, with the stages started
        if (!run.IsFaulted) _notify?.Ready(StatusLine());
        try
        {
            var exit = await run.ConfigureAwait(false);
            return exit == LoopExit.SourceFailed ? 1 : 0;
        }
        finally
        {
            _notify?.Stopping();
            SyncCaptureCounts();
            Log.Info(Component, $"stopped after {loop.Counters.Processed} frames, {loop.Counters.Events} events");
        }
    }

    /// <summary>Frame observers (GPIO rules …) for the current configuration.</summary>
    private partial IReadOnlyList<IFrameObserver> Observers();

    /// <summary>Where the per-frame landmark stream goes when the configuration turns it on (null: nowhere).</summary>
    private partial ILandmarkSink? LandmarkSink();

    /// <summary>Periodic housekeeping: capture counters into stats, adaptive load, watchdog, systemd status.</summary>
    private void Tick()
    {
        try
        {
            SyncCaptureCounts();
            var snapshot = _reporter.Snapshot();
            if (_loop is { } loop)
            {
                // the reporter updates the adaptive load on each of its samples; the loop follows its verdict
                loop.RequestLoadShedding(_load.DetectEvery);
                loop.RequestPause(!DetectionAllowed);   // backstop; changes arrive through the GPIO event
                // The watchdog guards against a hung pipeline, not an absent camera: while the supervisor is
                // reconnecting, frames cannot flow and restarting the service would not bring them back (and after
                // StartLimitBurst restarts systemd would give up on the service for good).
                bool progressing = Stopwatch.GetElapsedTime(loop.Counters.LastProgress) < TimeSpan.FromSeconds(10);
                bool waitingForCamera = Camera is CameraState.Reconnecting or CameraState.Starting;
                if (_watchdog is not null && (progressing || waitingForCamera)) _watchdog.Progress();
            }
            _notify?.Status(StatusLine());
            OnTick(snapshot);
        }
        catch (Exception e)
        {
            Log.Warn(Component, $"housekeeping failed: {e.Message}");
        }
    }

    private partial void OnTick(StatsSnapshot snapshot);

    /// <summary>Copies the capture counters of every capture the loop ran into the reporter (before each sample and each tick).</summary>
    private void SyncCaptureCounts()
    {
        if (_loop is not { } loop) return;
        lock (_countsGate)
        {
            var (captured, dropped, rejected) = loop.CaptureTotals();
            _reporter.AddCaptureCounts(captured - _capturedSeen, dropped - _droppedSeen, rejected - _rejectedSeen);
            (_capturedSeen, _droppedSeen, _rejectedSeen) = (captured, dropped, rejected);
        }
    }

    private string StatusLine()
    {
        var s = _reporter.Snapshot();
        return $"camera {Camera}, {s.Fps.Detection:0.0} fps, {_loop?.Counters.CurrentFaces ?? 0} faces" + (_load.Throttled ? $", throttled ({_load.Reason})" : "");
    }

    public async ValueTask DisposeAsync()
    {
        DisposeIntegrations();
        if (_mqtt is not null) await _mqtt.DisposeAsync().ConfigureAwait(false);
        _requests?.Dispose();
        foreach (var sink in _sinks.OfType<IDisposable>()) sink.Dispose();
        _watchdog?.Dispose();
        _notify?.Dispose();
        _reporter.Dispose();
        if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Notes when the first frame came through (start-up time), then records timings as usual.</summary>
    private sealed class FirstFrameRecorder(DaemonHost host, IStageRecorder inner) : IStageRecorder
    {
        public void Record(in FrameTimings timings)
        {
            if (host.FirstFrameMs < 0)
            {
                host.FirstFrameMs = Stopwatch.GetElapsedTime(host._startTimestamp).TotalMilliseconds;
                Log.Info(Component, $"first frame processed {host.FirstFrameMs:0} ms after start");
            }
            inner.Record(timings);
        }
    }
}
