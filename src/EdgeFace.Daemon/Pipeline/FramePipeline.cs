using System.Diagnostics;
using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;
using EdgeFace.Tracking;
using EdgeFace.Core.Events;

namespace EdgeFace.Pipeline;

/// <summary>
/// The frame path of the daemon: take the newest frame from the capture queue (capture drops the oldest when we fall
/// behind, so the camera is never blocked), apply the rate limit, run the models (every Nth frame when load shedding),
/// track faces, notify frame observers (GPIO) and hand lifecycle events to the dispatcher. Steady state allocates nothing.
/// </summary>
public sealed class FramePipeline
{
    private readonly ChannelReader<Frame> _frames;
    private readonly FrameProcessor _processor;
    private readonly FaceTracker _tracker;
    private readonly EventDispatcher _dispatcher;
    private readonly RateLimitedLog _decodeFailures = new("pipeline", TimeSpan.FromSeconds(10));
    private readonly IReadOnlyList<IFrameObserver> _observers;
    private readonly IStageRecorder? _recorder;
    private readonly List<FaceEvent> _events = new(32);
    private long _lastProcessed;
    private long _frameIndex;

    public FramePipeline(ChannelReader<Frame> frames, FrameProcessor processor, FaceTracker tracker, EventDispatcher dispatcher,
        IReadOnlyList<IFrameObserver> observers, IStageRecorder? recorder)
    {
        _frames = frames; _processor = processor; _tracker = tracker; _dispatcher = dispatcher;
        _observers = observers; _recorder = recorder;
    }

    public PipelineCounters Counters { get; } = new();

    /// <summary>Processed frames per second cap (0 = none). Changeable live.</summary>
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
    /// Processes frames until <paramref name="maxFrames"/> were processed (0 = no limit), the source completes its
    /// channel, or cancellation. The owner completes the frame channel on shutdown (disposing the capture does), which
    /// ends the wait; waiting without a token lets the channel reuse one waiter object, so a wait allocates nothing.
    /// </summary>
    public async Task RunAsync(long maxFrames, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested && await _frames.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_frames.TryRead(out var frame))
            {
                try { Process(frame); }
                finally { frame.Release(); }
                if ((maxFrames > 0 && Counters.Processed >= maxFrames) || cancellation.IsCancellationRequested) { Finish(); return; }
            }
        }
        Finish();
    }

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
            _tracker.Update(_processor.Faces, _processor.Landmarks, _processor.PointsPerFace, unixMs, frame.Sequence, _events);
            if (LandmarkSink is { } sink)
                for (int i = 0; i < _tracker.ActiveCount; i++)
                    if (_tracker.TryGetMatched(i, out int id, out var points)) sink.Write(id, unixMs, points);
        }
        else _tracker.Expire(unixMs, _events);
        long t1 = Stopwatch.GetTimestamp();
        timings.Tracking = t1 - t0;

        var result = new FrameResult(detect ? _processor.Faces : default, frame.Width, frame.Height, unixMs, detect);
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

    private void Finish()
    {
        _tracker.EndAll(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _events);
        foreach (var e in _events) _dispatcher.Post(e);
        _events.Clear();
    }
}
