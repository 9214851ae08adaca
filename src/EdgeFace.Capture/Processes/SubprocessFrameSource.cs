using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// What every subprocess source shares: at most one running <see cref="RawVideoProcess"/>, whose frames, drop count
/// and lifetime are the source's. Subclasses decide the command line and start the process in <see cref="Open"/>.
/// </summary>
public abstract class SubprocessFrameSource : IFrameSource
{
    private RawVideoProcess? _process;

    /// <summary>Set by the subclass: at construction, and again once Open knows the negotiated layout.</summary>
    public string Description { get; protected set; } = "";

    public abstract void Open();

    /// <summary>Starts <paramref name="process"/> as this source's one process (Open on an open source is a bug).</summary>
    private protected void Start(RawVideoProcess process)
    {
        EnsureNotOpen();
        process.Start();
        _process = process;
    }

    /// <summary>Throws when Open is called on a source that is already open, before any work is done.</summary>
    protected void EnsureNotOpen()
    {
        if (_process is not null) throw new InvalidOperationException("source is already open");
    }

    public bool TryRead(TimeSpan timeout, out Frame? frame) =>
        (_process ?? throw new InvalidOperationException("source is not open")).TryRead(timeout, out frame);

    public long Dropped => _process?.Dropped ?? 0;

    public void Dispose()
    {
        _process?.Dispose();
        _process = null;
        GC.SuppressFinalize(this);
    }
}
