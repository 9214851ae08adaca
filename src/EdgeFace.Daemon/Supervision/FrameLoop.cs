using System.Threading.Channels;
using EdgeFace.Capture;
using EdgeFace.Capture.Supervision;
using EdgeFace.Composition;
using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Events;
using EdgeFace.Hosting;
using EdgeFace.Inference;
using EdgeFace.Pipeline;
using EdgeFace.Tracking;

namespace EdgeFace.Supervision;

/// <summary>
/// The running daemon's frame loop and the only owner of the running stages (models, capture, decode stage, frame
/// pipeline, tracker). It takes frames one at a time and, between two frames, carries out the commands other threads
/// post: live settings, a rebuild of stages, pause, load shedding. No other thread writes a stage's state, and every
/// command gets its own completion. When no frame is ready it sleeps on one <see cref="WakeSignal"/> that the decode
/// stage, a posted command and shutdown all set, so waiting allocates nothing and a command is never stuck behind a
/// camera that is reconnecting.
/// </summary>
public sealed class FrameLoop
{
    private const string Component = "daemon";
    private readonly StageComposer _composer;
    private readonly FaceTracker _tracker;
    private readonly ILandmarkSink? _landmarkSink;
    private readonly Channel<LoopCommand> _commands = Channel.CreateUnbounded<LoopCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WakeSignal _wake = new();
    private readonly object _stagesGate = new();
    private EdgeFaceConfig _config;
    private FrameProcessor? _processor;
    private StageSet? _stages;
    private bool _paused;
    private int _loadShedding = 1;
    private int _requestedPause = -1, _requestedShedding = 1;
    private long _earlierFrames, _earlierDropped, _earlierTooLarge;

    /// <param name="landmarkSink">Where the per-frame landmark stream goes when the configuration turns it on (null: nowhere).</param>
    public FrameLoop(StageComposer composer, EdgeFaceConfig config, FaceEventPool events, ILandmarkSink? landmarkSink = null)
    {
        _composer = composer;
        _config = config;
        _tracker = new FaceTracker(events);
        _landmarkSink = landmarkSink;
    }

    /// <summary>Frame counters over the loop's whole life (every restart included).</summary>
    public PipelineCounters Counters { get; } = new();

    /// <summary>The current camera's state (Starting before the first stages, and while none could be built).</summary>
    public CameraState Camera => Volatile.Read(ref _stages)?.Capture.State ?? CameraState.Starting;

    /// <summary>The current camera's last failure.</summary>
    public string? CameraError => Volatile.Read(ref _stages)?.Capture.LastError;

    /// <summary>The loaded models (for stats: names, versions, providers).</summary>
    public FrameProcessor? Processor => Volatile.Read(ref _processor);

    /// <summary>Camera outages of the current capture (stats).</summary>
    public long CameraOutages => Volatile.Read(ref _stages)?.Capture.Counters.Outages ?? 0;

    /// <summary>
    /// Frames captured, dropped and rejected (over the image limit at decode, or failed in processing) by every
    /// stage set this loop ran, so rates continue across restarts.
    /// </summary>
    public (long Captured, long Dropped, long Rejected) CaptureTotals()
    {
        lock (_stagesGate)
        {
            var c = _stages?.Capture.Counters;
            return (_earlierFrames + (c?.Frames ?? 0), _earlierDropped + (c?.Dropped ?? 0), Counters.Failed + _earlierTooLarge + (_stages?.Decode.TooLarge ?? 0));
        }
    }

    /// <summary>
    /// Loads the models, starts the stages and runs until shutdown, <paramref name="maxFrames"/> processed frames
    /// (0 = no limit) or the end of the source. Model and source errors at start are thrown to the caller.
    /// </summary>
    public async Task<LoopExit> RunAsync(long maxFrames, CancellationToken stop)
    {
        using var wakeOnStop = stop.Register(static s => ((WakeSignal)s!).Set(), _wake);
        try
        {
            Volatile.Write(ref _processor, _composer.LoadModels(_config));
            StartStages();
            while (!stop.IsCancellationRequested)
            {
                if (_commands.Reader.TryRead(out var command)) { command.Execute(this); continue; }
                var stages = _stages;
                if (stages is not null && stages.Frames.TryRead(out var frame))
                {
                    try { stages.Pipeline.Process(frame); }
                    finally { frame.Release(); }
                    if (maxFrames > 0 && Counters.Processed >= maxFrames) return LoopExit.FrameLimit;
                    continue;
                }
                if (stages is not null && stages.Frames.Completion.IsCompleted) return SourceOutcome(stages.Capture);
                await _wake.WaitAsync().ConfigureAwait(false);
            }
            return LoopExit.Stopped;
        }
        finally
        {
            StopStages();
            _commands.Writer.TryComplete();
            while (_commands.Reader.TryRead(out var left)) left.Abandon();
            Interlocked.Exchange(ref _processor, null)?.Dispose();
        }
    }

    /// <summary>Queues a command for the loop; it completes (or is abandoned, if the loop has stopped) on its own.</summary>
    public T Post<T>(T command) where T : LoopCommand
    {
        if (!_commands.Writer.TryWrite(command)) command.Abandon();
        else _wake.Set();
        return command;
    }

    /// <summary>Live settings from <paramref name="config"/>; completes once they are in effect.</summary>
    public Task ApplySettingsAsync(EdgeFaceConfig config) => Post(new ApplySettingsCommand(config)).Completion;

    /// <summary>Pauses or resumes detection (posts only a change).</summary>
    public void RequestPause(bool paused)
    {
        int value = paused ? 1 : 0;
        if (Interlocked.Exchange(ref _requestedPause, value) != value) Post(new PauseCommand(paused));
    }

    /// <summary>Detect every Nth frame while shedding load (posts only a change).</summary>
    public void RequestLoadShedding(int every)
    {
        if (Interlocked.Exchange(ref _requestedShedding, every) != every) Post(new LoadSheddingCommand(every));
    }

    /// <summary>
    /// Rebuilds the stages for <paramref name="config"/> and waits until the new camera streams or has decided not to
    /// (failed, ended), for at most <paramref name="timeout"/> per step. The answer comes from one observed state.
    /// </summary>
    public async Task<RestartOutcome> RestartAsync(RestartScope scope, EdgeFaceConfig config, TimeSpan timeout, CancellationToken ct)
    {
        StageRebuild rebuilt;
        try { rebuilt = await Post(new RebuildCommand(scope, config)).Completion.WaitAsync(timeout, ct).ConfigureAwait(false); }
        catch (TimeoutException) { return new RestartOutcome(false, Camera, "the stages did not restart in time"); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return new RestartOutcome(false, Camera, "the daemon is stopping"); }
        if (rebuilt.Stages is not { } stages) return new RestartOutcome(false, CameraState.Failed, rebuilt.Failure);
        if (rebuilt.Failure is not null) return new RestartOutcome(false, stages.Capture.State, rebuilt.Failure);
        CameraState state;
        try { state = await stages.Settled.WaitAsync(timeout, ct).ConfigureAwait(false); }
        catch (TimeoutException) { state = stages.Capture.State; }
        return state == CameraState.Streaming
            ? new RestartOutcome(true, state, null)
            : new RestartOutcome(false, state, stages.Capture.LastError ?? "it did not start streaming in time");
    }

    // ---- carried out on the loop, between frames -------------------------------------------------------------

    internal void ApplySettings(EdgeFaceConfig config)
    {
        _config = config;
        Log.MinimumLevel = LogLevels.Parse(config.LogLevel);
        _tracker.IouThreshold = config.Tracker.IouThreshold;
        _tracker.EndAfterMs = config.Tracker.EndAfterMs;
        _tracker.UpdateIntervalMs = config.Tracker.UpdateIntervalMs;
        _tracker.Camera = config.CameraName;
        _tracker.Insights = config.Insights;
        if (_processor is { } processor) processor.Settings = config.Detection;
        if (_stages?.Pipeline is { } pipeline)
        {
            pipeline.MaxFps = config.Detection.MaxFps;
            pipeline.DetectEvery = config.Detection.DetectEvery;
            pipeline.LandmarkSink = config.Mqtt.LandmarksStream.Enabled ? _landmarkSink : null;
            pipeline.Paused = _paused;
            pipeline.LoadSheddingEvery = _loadShedding;
        }
    }

    internal void SetPaused(bool paused)
    {
        _paused = paused;
        if (_stages?.Pipeline is { } pipeline) pipeline.Paused = paused;
    }

    internal void SetLoadShedding(int every)
    {
        _loadShedding = Math.Max(every, 1);
        if (_stages?.Pipeline is { } pipeline) pipeline.LoadSheddingEvery = _loadShedding;
    }

    /// <summary>
    /// Stops the stages (open tracks end), reloads the models when <paramref name="scope"/> says so and starts new
    /// stages for <paramref name="config"/>. Models that fail to load leave the previous ones running; either way the
    /// loop keeps stages running where it can, and the failure goes back to the requester, who may roll back.
    /// </summary>
    internal StageRebuild Rebuild(RestartScope scope, EdgeFaceConfig config)
    {
        StopStages();
        string? failure = null;
        if (scope.HasFlag(RestartScope.Models))
        {
            try
            {
                var fresh = _composer.LoadModels(config);
                Interlocked.Exchange(ref _processor, fresh)?.Dispose();
                NativeHeap.Trim();
            }
            catch (Exception e) when (e is ModelLoadException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidOperationException)
            {
                failure = e.Message;
                Log.Error(Component, $"models could not be reloaded: {e.Message}");
            }
        }
        _config = config;
        try { StartStages(); }
        catch (Exception e) when (e is CaptureException or InvalidOperationException)
        {
            failure ??= e.Message;
            Log.Error(Component, $"stages could not be restarted: {e.Message}");
        }
        return new StageRebuild(_stages, failure);
    }

    private void StartStages()
    {
        var stages = _composer.Compose(_config, _processor!, _tracker, Counters, _wake);
        Volatile.Write(ref _stages, stages);
        ApplySettings(_config);
        stages.Start();
    }

    private void StopStages()
    {
        if (_stages is not { } stages) return;
        stages.Dispose();
        stages.Pipeline.EndAllTracks();
        lock (_stagesGate)
        {
            var c = stages.Capture.Counters;
            _earlierFrames += c.Frames;
            _earlierDropped += c.Dropped;
            _earlierTooLarge += stages.Decode.TooLarge;
            Volatile.Write(ref _stages, null);
        }
    }

    private static LoopExit SourceOutcome(CaptureSupervisor capture)
    {
        // Only a source that delivered frames and then reached its end finished cleanly. One that failed, or
        // "ended" without a single frame, never worked: systemd must see a failure to restart the service.
        if (capture.State == CameraState.Ended && capture.Counters.Frames > 0)
        {
            Log.Info(Component, "source ended (end of input)");
            return LoopExit.SourceEnded;
        }
        Log.Error(Component, $"source failed: {capture.LastError ?? $"camera {capture.State.ToString().ToLowerInvariant()} without a frame"}");
        return LoopExit.SourceFailed;
    }
}
