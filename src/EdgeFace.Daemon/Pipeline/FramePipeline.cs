using System.Diagnostics;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;
using EdgeFace.Tracking;
using EdgeFace.Core.Events;

namespace EdgeFace.Pipeline;

/// <summary>
/// The frame path of the daemon, one frame at a time: apply the rate limit, run the models (every Nth frame when load
/// shedding), track faces, notify frame observers (GPIO) and hand lifecycle events to the dispatcher. Steady state
/// allocates nothing. The frame loop (<see cref="Supervision.FrameLoop"/>) owns it: it calls <see cref="Process"/>
/// and is the only writer of its settings, which it changes between frames.
/// </summary>
public sealed class FramePipeline
{
    private readonly FrameProcessor _processor;
    private readonly FaceTracker _tracker;
    private readonly EventDispatcher _dispatcher;
    private readonly RateLimitedLog _decodeFailures = new("pipeline", TimeSpan.FromSeconds(10));
    private readonly IReadOnlyList<IFrameObserver> _observers;
    private readonly IStageRecorder? _recorder;
    private readonly List<FaceEvent> _events = new(32);
    private long _lastProcessed;
    private long _frameIndex;

    public FramePipeline(FrameProcessor processor, FaceTracker tracker, EventDispatcher dispatcher,
        IReadOnlyList<IFrameObserver> observers, IStageRecorder? recorder, PipelineCounters counters)
    {
        _processor = processor; _tracker = tracker; _dispatcher = dispatcher;
        _observers = observers; _recorder = recorder; Counters = counters;
    }

    /// <summary>Counters shared by every pipeline the loop builds, so they run on across restarts.</summary>
    public PipelineCounters Counters { get; }

    /// <summary>Processed frames per second cap (0 = none).</summary>
    public double MaxFps { get; set; }

    /// <summary>Run the detector on every Nth frame; the effective value is the larger of this and <see cref="LoadSheddingEvery"/>.</summary>
    public int DetectEvery { get; set; } = 1;

    /// <summary>Gets each tracked face's landmarks on frames the detector ran (null: no per-frame landmark stream).</summary>
    public ILandmarkSink? LandmarkSink { get; set; }

    /// <summary>When true (a GPIO input switched detection off) frames are taken and released without running the models.</summary>
    public bool Paused { get; set; }

    /// <summary>Set by adaptive load control when the device is too hot or busy.</summary>
    public int LoadSheddingEvery { get; set; } = 1;

    /// <summary>
    /// Whether a frame taken at <paramref name="now"/> (Stopwatch ticks) would go through the models. The decode
    /// stage asks before decoding ahead, so frames the rate limit, a pause or detect-every will skip are not decoded
    /// for nothing. Read from another thread without locks: a stale answer costs only efficiency (a frame decoded in
    /// vain, or decoded here instead of ahead), never correctness.
    /// </summary>
    public bool WantsFrame(long now) =>
        !RateLimited(now) && !Paused && Volatile.Read(ref _frameIndex) % Math.Max(DetectEvery, LoadSheddingEvery) == 0;

    private bool RateLimited(long now)
    {
        double maxFps = MaxFps;
        long last = Volatile.Read(ref _lastProcessed);
        return maxFps > 0 && last != 0 && now - last < (long)(Stopwatch.Frequency / maxFps);
    }

    /// <summary>One frame through the models, tracker, observers and dispatcher.</summary>
    public void Process(Frame frame)
    {
        long now = Stopwatch.GetTimestamp();
        if (RateLimited(now))
        {
            Counters.AddSkipped();
            Counters.LastProgress = now;   // a frame skipped by the rate limit still shows the loop is alive
            return;
        }
        _lastProcessed = now;
        var timings = new FrameTimings { Capture = frame.Timestamp > 0 ? now - frame.Timestamp : 0 };
        long unixMs = frame.UnixTimeMs > 0 ? frame.UnixTimeMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int every = Math.Max(DetectEvery, LoadSheddingEvery);
        bool detect = !Paused && _frameIndex++ % every == 0;
        if (detect)
        {
            try { _processor.Process(frame, ref timings); }
            catch (FrameDecodeException e)
            {
                Counters.AddFailed();
                _decodeFailures.Warn($"frame {frame.Sequence} skipped: {e.Message}");
                return;
            }
        }

        long t0 = Stopwatch.GetTimestamp();
        if (detect)
        {
            _tracker.Update(_processor.Faces, _processor.Landmarks, _processor.PointsPerFace, unixMs, _events);
            if (LandmarkSink is { } sink)
                for (int i = 0; i < _tracker.ActiveCount; i++)
                    if (_tracker.TryGetMatched(i, out int id, out var points)) sink.Write(id, unixMs, points);
        }
        else _tracker.Expire(unixMs, _events);
        long t1 = Stopwatch.GetTimestamp();
        timings.Tracking = t1 - t0;

        var result = new FrameResult(detect ? _processor.Faces : default, frame.Width, frame.Height, unixMs, detect,
            detect ? _tracker.DetectionSignals : default);
        foreach (var o in _observers) o.OnFrame(result);
        foreach (var e in _events) _dispatcher.Post(e);
        Counters.AddEvents(_events.Count);
        _events.Clear();
        long t2 = Stopwatch.GetTimestamp();
        timings.Publish = t2 - t1;

        if (detect) Counters.CurrentFaces = _processor.Faces.Length;
        Counters.AddProcessed(detect);
        Counters.LastProgress = t2;
        _recorder?.Record(timings);
    }

    /// <summary>Ends every track (the source stopped or the stages are rebuilt) and hands the end events on.</summary>
    public void EndAllTracks()
    {
        _tracker.EndAll(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _events);
        foreach (var e in _events) _dispatcher.Post(e);
        _events.Clear();
    }
}
