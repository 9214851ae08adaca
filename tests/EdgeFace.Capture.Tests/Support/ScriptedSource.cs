using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Tests.Support;

/// <summary>
/// A fake source for supervisor logic: each instance plays a script of steps (frame, timeout, throw), then times out.
/// Frames come from a shared pool so leaks show up in <see cref="FramePool.Outstanding"/>.
/// </summary>
internal sealed class ScriptedSource : IFrameSource
{
    public static readonly FramePool Pool = new();
    private readonly Queue<Func<Frame?>> _steps;
    private readonly Exception? _openError;
    private long _sequence;

    public ScriptedSource(IEnumerable<Func<Frame?>> steps, Exception? openError = null)
    {
        _steps = new Queue<Func<Frame?>>(steps);
        _openError = openError;
    }

    public string Description => "scripted";
    public bool Opened { get; private set; }
    public bool Disposed { get; private set; }

    public static Func<Frame?> Frame(FramePool pool) => () => pool.Rent(16, PixelFormat.Gray8, 4, 4, 4);
    public static Func<Frame?> Fail(CaptureErrorKind kind, string message = "scripted failure") => () => throw new CaptureException(kind, message);

    public void Open()
    {
        if (_openError is not null) throw _openError;
        Opened = true;
    }

    public bool TryRead(TimeSpan timeout, out Frame? frame)
    {
        if (_steps.TryDequeue(out var step))
        {
            frame = step();
            if (frame is not null) frame.Sequence = _sequence++;
            return frame is not null;
        }
        Thread.Sleep(timeout);
        frame = null;
        return false;
    }

    public void Dispose() => Disposed = true;
}
