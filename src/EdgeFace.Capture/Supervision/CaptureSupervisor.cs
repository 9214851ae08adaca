using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Supervision;

/// <summary>
/// Owns a frame source on its own thread: opens it, reads frames into a bounded queue that drops the OLDEST frame
/// (releasing it) when the consumer falls behind, and reopens the source with capped exponential backoff when it fails
/// (device gone, I/O error, subprocess exit) or stalls. Each state change is logged once. Consumers read
/// <see cref="Frames"/> and must <see cref="Frame.Release"/> every frame they take.
/// </summary>
public sealed class CaptureSupervisor : IDisposable
{
    private const string Component = "capture";

    private readonly Func<IFrameSource> _factory;
    private readonly CaptureSupervisorOptions _options;
    private readonly Channel<Frame> _queue;
    private readonly Backoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly object _stateGate = new();
    private long _frames, _dropped, _outages, _reconnects, _openFailures;
    private CameraState _state = CameraState.Starting;
    private bool _started;

    /// <param name="factory">Makes a fresh source for each (re)open; the supervisor disposes each one.</param>
    public CaptureSupervisor(Func<IFrameSource> factory, CaptureSupervisorOptions? options = null)
    {
        _factory = factory;
        _options = options ?? new CaptureSupervisorOptions();
        if (_options.QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(options), "QueueCapacity must be at least 1");
        _backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        _queue = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(_options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true, SingleReader = false,
            },
            OnDropped);
        _thread = new Thread(Run) { IsBackground = true, Name = "capture-supervisor" };
    }

    /// <summary>Supervises a source built from a URI (see <see cref="FrameSourceFactory"/>).</summary>
    public static CaptureSupervisor ForUri(string uri, CaptureSupervisorOptions? options = null, FrameSourceOptions? sourceOptions = null)
    {
        FrameSourceFactory.Create(uri, sourceOptions).Dispose(); // validate the URI now, not on the capture thread
        return new CaptureSupervisor(() => FrameSourceFactory.Create(uri, sourceOptions), options);
    }

    /// <summary>Frames for the pipeline. Completes when the source ends, fails for good, or the supervisor is disposed.</summary>
    public ChannelReader<Frame> Frames => _queue.Reader;

    public CameraState State { get { lock (_stateGate) return _state; } }

    /// <summary>Raised on the capture thread after each state change.</summary>
    public event Action<CameraState>? StateChanged;

    /// <summary>The last failure message (null while nothing has gone wrong).</summary>
    public string? LastError { get; private set; }

    /// <summary>The current source's description (negotiated format etc.) once open.</summary>
    public string? SourceDescription { get; private set; }

    public CaptureCounters Counters => new(Interlocked.Read(ref _frames), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _outages), Interlocked.Read(ref _reconnects), Interlocked.Read(ref _openFailures));

    public void Start()
    {
        if (_started) throw new InvalidOperationException("already started");
        _started = true;
        Log.Info(Component, "camera starting");
        _thread.Start();
    }

    private void OnDropped(Frame frame)
    {
        frame.Release();
        Interlocked.Increment(ref _dropped);
    }

    private void Run()
    {
        var token = _stop.Token;
        bool everStreamed = false;
        int consecutiveFailures = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                IFrameSource? source = null;
                try
                {
                    source = _factory();
                    source.Open();
                    SourceDescription = source.Description;
                    consecutiveFailures = 0;
                    Pump(source, token, ref everStreamed);
                    if (token.IsCancellationRequested) break;
                }
                catch (CaptureException ex) when (ex.Kind == CaptureErrorKind.EndOfStream)
                {
                    LastError = null;
                    SetState(CameraState.Ended, ex.Message);
                    return;
                }
                // A configuration error before the source ever streamed is final (wrong path, format, permissions).
                // Once it has streamed, the same configuration worked: EACCES while udev has not yet applied the
                // permissions of a replugged camera, or EBUSY while old buffers are still mapped, pass with time.
                catch (CaptureException ex) when (ex.Kind == CaptureErrorKind.Configuration && !everStreamed)
                {
                    LastError = ex.Message;
                    SetState(CameraState.Failed, ex.Message);
                    return;
                }
                catch (Exception ex) when (ex is CaptureException or IOException or UnauthorizedAccessException)
                {
                    LastError = ex.Message;
                    if (State == CameraState.Streaming) Interlocked.Increment(ref _outages);
                    else Interlocked.Increment(ref _openFailures);
                    consecutiveFailures++;
                    if (_options.MaxConsecutiveFailures is int max && consecutiveFailures >= max)
                    {
                        SetState(CameraState.Failed, $"giving up after {consecutiveFailures} failures: {ex.Message}");
                        return;
                    }
                }
                finally
                {
                    source?.Dispose();
                }

                if (token.IsCancellationRequested) break;
                var delay = _backoff.Next();
                SetState(CameraState.Reconnecting, $"{LastError}; retrying in {delay.TotalSeconds:0.##} s");
                token.WaitHandle.WaitOne(delay);
            }
        }
        catch (Exception ex)
        {
            // A bug must not take the daemon down silently: report it and stop this camera.
            LastError = ex.ToString();
            SetState(CameraState.Failed, "capture thread crashed: " + ex);
        }
        finally
        {
            if (State is not (CameraState.Failed or CameraState.Ended)) SetState(CameraState.Stopped, null);
            _queue.Writer.TryComplete();
        }
    }

    private void Pump(IFrameSource source, CancellationToken token, ref bool everStreamed)
    {
        long lastFrame = Environment.TickCount64;
        long stallMs = (long)_options.StallTimeout.TotalMilliseconds;
        var writer = _queue.Writer;
        long sourceDropped = 0;
        while (!token.IsCancellationRequested)
        {
            if (source.TryRead(_options.PollInterval, out var frame) && frame is not null)
            {
                lastFrame = Environment.TickCount64;
                Interlocked.Increment(ref _frames);
                // frames the source dropped on its own (a subprocess reader keeping the newest) count as drops too
                long d = source.Dropped;
                if (d != sourceDropped) { Interlocked.Add(ref _dropped, d - sourceDropped); sourceDropped = d; }
                if (State != CameraState.Streaming)
                {
                    if (everStreamed) Interlocked.Increment(ref _reconnects);
                    everStreamed = true;
                    _backoff.Reset();
                    SetState(CameraState.Streaming, source.Description);
                }
                if (!writer.TryWrite(frame)) frame.Release(); // only after completion
                continue;
            }
            if (Environment.TickCount64 - lastFrame > stallMs)
                throw new CaptureException(CaptureErrorKind.Lost, $"no frame for {_options.StallTimeout.TotalSeconds:0.#} s ({source.Description})");
        }
    }

    private void SetState(CameraState state, string? detail)
    {
        lock (_stateGate)
        {
            if (_state == state && state != CameraState.Starting) return;
            _state = state;
        }
        string message = detail is null ? $"camera {state.ToString().ToLowerInvariant()}" : $"camera {state.ToString().ToLowerInvariant()}: {detail}";
        switch (state)
        {
            case CameraState.Failed: Log.Error(Component, message); break;
            case CameraState.Reconnecting: Log.Warn(Component, message); break;
            default: Log.Info(Component, message); break;
        }
        StateChanged?.Invoke(state);
    }

    /// <summary>Stops the capture thread, closes the source and releases queued frames.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        if (_started) _thread.Join(TimeSpan.FromSeconds(10));
        while (_queue.Reader.TryRead(out var frame)) frame.Release();
        _stop.Dispose();
    }
}
