namespace EdgeFace.Capture.Supervision;

/// <summary>Where a supervised camera is in its life.</summary>
public enum CameraState
{
    /// <summary>Opening the source for the first time.</summary>
    Starting,
    /// <summary>Frames are arriving.</summary>
    Streaming,
    /// <summary>The source failed or stalled; waiting out a backoff before reopening it.</summary>
    Reconnecting,
    /// <summary>Gave up: the configuration cannot work (or the retry budget ran out). See <see cref="CaptureSupervisor.LastError"/>.</summary>
    Failed,
    /// <summary>A finite source (file, folder) has delivered everything.</summary>
    Ended,
    /// <summary>Stopped by <see cref="CaptureSupervisor.Dispose"/>.</summary>
    Stopped,
}
