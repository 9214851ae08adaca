using System.Diagnostics;
using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Pipeline;

/// <summary>
/// Decodes compressed frames (MJPEG cameras, JPEG folders) one frame ahead of the models, on its own task, so JPEG
/// decoding runs on a second core while the models run on the first. It sits between the capture queue and the
/// <see cref="FramePipeline"/> and holds at most one decoded frame: it takes the next captured frame only when the
/// pipeline has taken the previous one, so it never decodes faster than frames are used, and the capture queue in
/// front of it keeps dropping the oldest frame as before (the camera is never blocked).
/// </summary>
/// <remarks>
/// Every frame the pipeline will take, decoded or raw (YUYV, NV12, …), also gets the detector's input tensor written
/// here (<see cref="PrepareAhead"/>), so the model thread is left with the models themselves. A frame that <see cref="WantsFrame"/> says the pipeline will
/// skip, or that fails to decode, is passed on still compressed: the pipeline skips it, or decodes it itself and
/// reports the broken frame exactly as it would without this stage.
/// Steady state allocates nothing: decoded frames come from a pool and are recycled when the pipeline releases them.
/// </remarks>
public sealed class DecodeStage : IDisposable
{
    private readonly ChannelReader<Frame> _input;
    private readonly Channel<Frame> _output = Channel.CreateBounded<Frame>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
    private readonly FramePool _pool = new();
    private readonly JpegCodec _jpeg = new();
    private Task? _task;
    private long _decoded, _passedOn, _tooLarge;
    private readonly RateLimitedLog _refusals = new("pipeline", TimeSpan.FromSeconds(10));
    private int _largest;

    private readonly WakeSignal? _ready;

    /// <param name="input">The capture queue.</param>
    /// <param name="ready">Set whenever a frame is put on <see cref="Output"/> and when the output completes, so a
    /// consumer that also waits for other things (the frame loop's commands) can wait for both at once.</param>
    public DecodeStage(ChannelReader<Frame> input, WakeSignal? ready = null)
    {
        _input = input;
        _ready = ready;
    }

    /// <summary>Frames for the pipeline; completes when the input completes or the stage is disposed.</summary>
    public ChannelReader<Frame> Output => _output.Reader;

    /// <summary>Asked before each decode with the current Stopwatch timestamp (see <see cref="FramePipeline.WantsFrame"/>); null decodes every frame.</summary>
    public Func<long, bool>? WantsFrame { get; set; }

    /// <summary>
    /// Called for every frame the pipeline wants, once it is decoded (or as it came, when raw), to do more of the
    /// model's preprocessing on this core (<see cref="FrameProcessor.PrepareAhead"/>); null does nothing more.
    /// </summary>
    public Action<Frame>? PrepareAhead { get; set; }

    /// <summary>Frames this stage decoded.</summary>
    public long Decoded => Interlocked.Read(ref _decoded);

    /// <summary>Compressed frames passed on undecoded (not wanted, or not decodable).</summary>
    public long PassedOn => Interlocked.Read(ref _passedOn);

    /// <summary>Compressed frames skipped because their header claims more than <see cref="ImageLimits"/> allow.</summary>
    public long TooLarge => Interlocked.Read(ref _tooLarge);

    /// <summary>Decoded frames currently out of the pool (held by the pipeline or waiting for it).</summary>
    public int Outstanding => _pool.Outstanding;

    public void Start()
    {
        if (_task is not null) throw new InvalidOperationException("already started");
        _task = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            // No cancellation tokens: waiting without one lets the channels reuse their waiter objects. The stage ends
            // when the capture completes its queue or Dispose completes the output.
            while (await _output.Writer.WaitToWriteAsync().ConfigureAwait(false)
                   && await _input.WaitToReadAsync().ConfigureAwait(false))
            {
                if (!_input.TryRead(out var frame)) continue;
                if (Handle(frame) is not { } next) continue;   // refused by the image limits
                if (!_output.Writer.TryWrite(next)) { next.Release(); break; }
                _ready?.Set();
            }
        }
        finally
        {
            _output.Writer.TryComplete();
            _ready?.Set();
            _jpeg.Dispose();
        }
    }

    /// <summary>Decodes and prepares a frame the pipeline will take; passes any other frame on as it came; null when refused.</summary>
    private Frame? Handle(Frame frame)
    {
        long now = Stopwatch.GetTimestamp();
        if (WantsFrame is { } wants && !wants(now))
        {
            if (frame.Format == PixelFormat.Jpeg) Interlocked.Increment(ref _passedOn);
            return frame;
        }
        var next = frame.Format == PixelFormat.Jpeg ? DecodeOrPassOn(frame, now) : frame;
        if (next is null) return null;
        if (next.Format != PixelFormat.Jpeg && PrepareAhead is { } prepare)
        {
            try { prepare(next); }
            catch (Exception)
            {
                // Left unprepared: the model thread writes the tensor itself and reports any error the usual way.
            }
        }
        return next;
    }

    private Frame? DecodeOrPassOn(Frame compressed, long t0)
    {
        Frame? decoded = null;
        try
        {
            var header = _jpeg.ReadHeader(compressed.Data);   // refuses sizes beyond ImageLimits before anything is rented
            int stride = header.Width * 3, size = JpegCodec.DecodedSize(header, PixelFormat.Rgb24);
            // buffers are rented at the largest size seen, so frames of varying size still reuse them
            _largest = Math.Max(_largest, size);
            decoded = _pool.Rent(_largest, PixelFormat.Rgb24, header.Width, header.Height, stride);
            decoded.SetManaged(decoded.ManagedBuffer!, size, PixelFormat.Rgb24, header.Width, header.Height, stride, _pool);
            _jpeg.Decode(compressed.Data, header, decoded.WritableData, PixelFormat.Rgb24, JpegScale.Full, stride);
        }
        catch (ImageLimitException e)
        {
            // Skipped here, not passed on: the model thread would only refuse it again.
            Interlocked.Increment(ref _tooLarge);
            _refusals.Warn($"frame {compressed.Sequence} skipped: {e.Message}");
            compressed.Release();
            return null;
        }
        catch (Exception e) when (e is JpegException or ArgumentException)
        {
            decoded?.Release();
            Interlocked.Increment(ref _passedOn);
            return compressed;
        }
        decoded.Sequence = compressed.Sequence;
        decoded.Timestamp = compressed.Timestamp;
        decoded.UnixTimeMs = compressed.UnixTimeMs;
        decoded.DecodeTicks = Stopwatch.GetTimestamp() - t0;
        compressed.Release();   // the camera buffer goes back to the driver as soon as its pixels are decoded
        Interlocked.Increment(ref _decoded);
        return decoded;
    }

    /// <summary>
    /// Stops the stage and releases any frame still waiting for the pipeline. Dispose the capture first: its
    /// completed queue is what wakes a stage waiting for input (a frame it takes after this is released at once).
    /// </summary>
    public void Dispose()
    {
        _output.Writer.TryComplete();
        try { _task?.Wait(TimeSpan.FromSeconds(2)); }
        catch (AggregateException) { }
        while (_output.Reader.TryRead(out var frame)) frame.Release();
    }
}
