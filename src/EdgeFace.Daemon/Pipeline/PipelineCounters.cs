namespace EdgeFace.Pipeline;

/// <summary>Frame counters of the processing side (capture keeps its own), read by stats at any time.</summary>
public sealed class PipelineCounters
{
    private long _processed, _detected, _skipped, _failed, _events;

    public long Processed => Interlocked.Read(ref _processed);
    /// <summary>Frames on which the detector ran.</summary>
    public long Detected => Interlocked.Read(ref _detected);
    /// <summary>Frames dropped by the processing rate limit (max_fps).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);
    /// <summary>Frames that could not be decoded or processed.</summary>
    public long Failed => Interlocked.Read(ref _failed);
    public long Events => Interlocked.Read(ref _events);
    /// <summary>Faces on the last processed frame.</summary>
    public int CurrentFaces { get; internal set; }
    /// <summary>Stopwatch timestamp of the last processed frame (the watchdog's notion of progress).</summary>
    public long LastProgress { get; internal set; }

    internal void AddProcessed(bool detected) { Interlocked.Increment(ref _processed); if (detected) Interlocked.Increment(ref _detected); }
    internal void AddSkipped() => Interlocked.Increment(ref _skipped);
    internal void AddFailed() => Interlocked.Increment(ref _failed);
    internal void AddEvents(int n) => Interlocked.Add(ref _events, n);
}
