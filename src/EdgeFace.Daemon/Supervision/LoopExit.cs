namespace EdgeFace.Supervision;

/// <summary>Why the frame loop returned.</summary>
public enum LoopExit
{
    /// <summary>Shutdown was asked for (SIGTERM, Ctrl+C).</summary>
    Stopped,
    /// <summary>The requested number of frames (--max-frames) was processed.</summary>
    FrameLimit,
    /// <summary>A finite source (file, folder without loop) delivered all its frames: the only clean end of a source.</summary>
    SourceEnded,
    /// <summary>The source failed for good, or ended without ever delivering a frame.</summary>
    SourceFailed,
}
