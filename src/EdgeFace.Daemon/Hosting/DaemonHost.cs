using System.Diagnostics;
using EdgeFace.Capture.Supervision;
using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Device.Board;
using EdgeFace.Device.Load;
using EdgeFace.Device.Metrics;
using EdgeFace.Device.Stats;
using EdgeFace.Device.Systemd;
using EdgeFace.Pipeline;
using EdgeFace.Tracking;
using EdgeFace.Core.Events;

namespace EdgeFace.Hosting;

/// <summary>
/// The daemon: wires capture → frame pipeline → event sinks, the performance reporter, systemd notification and the
/// optional metrics endpoint, and keeps them running until stopped. Stages that depend on configuration (capture, models)
/// are rebuilt in place when remote configuration changes them, without restarting the process.
/// </summary>
public sealed partial class DaemonHost : IAsyncDisposable
{
    private const string Component = "daemon";
    private readonly RunRequest _request;
    private readonly FaceEventPool _eventPool = new();
    private readonly List<IEventSink> _sinks = new();
    private readonly PerformanceReporter _reporter;
    private readonly AdaptiveLoad _load;
    private readonly SdNotify? _notify;
    private readonly Watchdog? _watchdog;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private EdgeFaceConfig _config;
    private FaceTracker _tracker;
    private EventDispatcher? _dispatcher;
    private CaptureSupervisor? _capture;
    private DecodeStage? _decode;
    private FrameProcessor? _processor;
    private FramePipeline? _pipeline;
    private MetricsServer? _metrics;
    private CancellationTokenSource? _stageStop;
    private long _capturedSeen, _droppedSeen;
    private readonly object _countsGate = new();

    public DaemonHost(EdgeFaceConfig config, RunRequest request)
    {
        _config = config;
        _request = request;
        DeviceId = DeviceIdentity.Resolve(config.DeviceId);
        var board = new BoardDetector().Detect();
        _load = new AdaptiveLoad(config.Thermal, config.Detection.DetectEvery);
        _reporter = new PerformanceReporter(board, _load);
        _reporter.BeforeSample = SyncCaptureCounts;
        _tracker = NewTracker(config);
        _notify = SdNotify.FromEnvironment();
        _watchdog = _notify is null ? null : Watchdog.FromEnvironment(_notify);
    }

    public string DeviceId { get; }
    public EdgeFaceConfig Config => _config;
    public PerformanceReporter Reporter => _reporter;
    public CameraState CameraState => _capture?.State ?? CameraState.Starting;
    public PipelineCounters? Counters => _pipeline?.Counters;
    /// <summary>Milliseconds from construction to the first processed frame (-1 until then).</summary>
    public double FirstFrameMs { get; private set; } = -1;

    private FaceTracker NewTracker(EdgeFaceConfig c) => new(_eventPool)
    {
        IouThreshold = c.Tracker.IouThreshold, EndAfterMs = c.Tracker.EndAfterMs, UpdateIntervalMs = c.Tracker.UpdateIntervalMs, Camera = c.CameraName,
    };

    /// <summary>Adds an event sink (stdout, MQTT). Call before <see cref="RunAsync"/>.</summary>
    public void AddSink(IEventSink sink) => _sinks.Add(sink);

    public async Task<int> RunAsync(CancellationToken stop)
    {
        _dispatcher = new EventDispatcher(_eventPool, _sinks);
        if (_config.Metrics.Enabled)
        {
            _metrics = MetricsServer.Start(_config.Metrics, () => _reporter.ToPrometheus() + EdgeFace.Integrations.MqttMetrics.ToPrometheus(_mqtt?.Status));
            Log.Info(Component, $"metrics on http://{_metrics.EndPoint}/metrics");
        }
        using var statusTimer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        try
        {
            StartStages();
            _notify?.Ready(StatusLine());
            while (!stop.IsCancellationRequested)
            {
                if (TakeRestart()) continue;
                using var stageStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
                _stageStop = stageStop;
                // A restart asked for while the previous token was being replaced must not be lost.
                if (RestartPending) continue;
                using var reg = stageStop.Token.Register(() => _capture?.Dispose());
                await _pipeline!.RunAsync(_request.MaxFrames, stageStop.Token).ConfigureAwait(false);
                if (_request.MaxFrames > 0 && _pipeline.Counters.Processed >= _request.MaxFrames) break;
                if (stop.IsCancellationRequested) break;
                if (RestartPending) continue;
                // The source ended by itself (a file played to the end, or it failed for good).
                Log.Info(Component, $"source ended ({_capture?.LastError ?? "end of input"})");
                break;
            }
            return 0;
        }
        finally
        {
            _notify?.Stopping();
            StopStages();
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
            Log.Info(Component, $"stopped after {_pipeline?.Counters.Processed ?? 0} frames, {_pipeline?.Counters.Events ?? 0} events");
        }
    }

    private void StartStages()
    {
        _processor ??= ModelSet.Load(_config);
        _capture = CaptureSupervisor.ForUri(SourceUris.Resolve(_config.Source), new CaptureSupervisorOptions { QueueCapacity = 2 });
        _capture.StateChanged += s => Log.Info(Component, $"camera {s}");
        var observers = Observers();
        _decode = new DecodeStage(_capture.Frames);
        _pipeline = new FramePipeline(_decode.Output, _processor, _tracker, _dispatcher!, observers, new FirstFrameRecorder(this, new StageRecorder(_reporter)))
        {
            MaxFps = _config.Detection.MaxFps,
            DetectEvery = _config.Detection.DetectEvery,
            Paused = !DetectionAllowed,
            LandmarkSink = LandmarkSinkFor(_config),
        };
        _decode.WantsFrame = _pipeline.WantsFrame;
        _decode.PrepareAhead = _processor.PrepareAhead;
        _decode.Start();
        _capture.Start();
    }

    private void StopStages()
    {
        _capture?.Dispose();   // completes the capture queue, which ends the decode stage
        lock (_countsGate)
        {
            SyncCaptureCounts();   // the last frames of this supervisor, before the next one starts from zero
            _capture = null;
            _capturedSeen = _droppedSeen = 0;
        }
        _decode?.Dispose();
        _decode = null;
    }

    private void DisposeIntegrations()
    {
        _gpio?.Dispose();
        _gpio = null;
    }

    private void RebuildStages(RestartScope scope)
    {
        StopStages();
        if (scope.HasFlag(RestartScope.Models))
        {
            var fresh = ModelSet.Load(_config);
            _processor?.Dispose();
            _processor = fresh;
        }
        var ended = new List<FaceEvent>();
        _tracker.EndAll(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ended);
        foreach (var e in ended) _dispatcher!.Post(e);
        StartStages();
    }

    /// <summary>Frame observers (GPIO rules …) for the current configuration.</summary>
    private partial IReadOnlyList<IFrameObserver> Observers();

    /// <summary>Stages a restart request asked for (RestartScope flags, 0 = none); set by requests, taken by the frame loop.</summary>
    private int _restartPending;

    private bool RestartPending => Volatile.Read(ref _restartPending) != 0;

    /// <summary>Rebuilds the stages a restart request named; answers the requester with null or why it failed.</summary>
    private bool TakeRestart()
    {
        var restart = (RestartScope)Interlocked.Exchange(ref _restartPending, 0);
        if (restart == RestartScope.None) return false;
        string? failure = null;
        try { RebuildStages(restart); }
        catch (Exception e) when (e is EdgeFace.Inference.ModelLoadException or EdgeFace.Capture.CaptureException or InvalidOperationException)
        {
            failure = e.Message;
            Log.Error(Component, $"stage restart failed: {e.Message}");
        }
        if (failure is not null && _capture is null) StartStagesSafe();
        _restartDone?.TrySetResult(failure);
        return true;
    }
    private TaskCompletionSource<string?>? _restartDone;

    /// <summary>After a failed rebuild, the caller restores the old configuration; keep the loop alive meanwhile.</summary>
    private void StartStagesSafe()
    {
        try { StartStages(); }
        catch (Exception e) { Log.Error(Component, $"cannot restart stages: {e.Message}"); }
    }

    /// <summary>Periodic housekeeping: capture counters into stats, adaptive load, watchdog, systemd status.</summary>
    private void Tick()
    {
        try
        {
            SyncCaptureCounts();
            var snapshot = _reporter.Snapshot();
            if (_pipeline is { } p)
            {
                // the reporter updates the adaptive load on each of its samples; the pipeline follows its verdict
                p.LoadSheddingEvery = _load.DetectEvery;
                // The watchdog guards against a hung pipeline, not an absent camera: while the supervisor is
                // reconnecting, frames cannot flow and restarting the service would not bring them back (and after
                // StartLimitBurst restarts systemd would give up on the service for good).
                bool progressing = Stopwatch.GetElapsedTime(p.Counters.LastProgress) < TimeSpan.FromSeconds(10);
                bool waitingForCamera = CameraState is EdgeFace.Capture.Supervision.CameraState.Reconnecting or EdgeFace.Capture.Supervision.CameraState.Starting;
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

    /// <summary>Copies the capture supervisor's counters into the reporter (called before each sample and each tick).</summary>
    private void SyncCaptureCounts()
    {
        lock (_countsGate)
        {
            if (_capture is not { } capture) return;
            var c = capture.Counters;
            _reporter.AddCaptureCounts(c.Frames - _capturedSeen, c.Dropped - _droppedSeen);
            _capturedSeen = c.Frames; _droppedSeen = c.Dropped;
        }
    }

    private string StatusLine()
    {
        var s = _reporter.Snapshot();
        return $"camera {CameraState}, {s.Fps.Detection:0.0} fps, {_pipeline?.Counters.CurrentFaces ?? 0} faces" + (_load.Throttled ? $", throttled ({_load.Reason})" : "");
    }

    public async ValueTask DisposeAsync()
    {
        StopStages();
        DisposeIntegrations();
        if (_mqtt is not null) await _mqtt.DisposeAsync().ConfigureAwait(false);
        _processor?.Dispose();
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
