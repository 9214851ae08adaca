namespace EdgeFace.Capture.Supervision;

/// <summary>A snapshot of a supervised camera's counters (monotonic over the supervisor's life).</summary>
/// <param name="Frames">Frames read from the source.</param>
/// <param name="Dropped">Frames discarded because the consumer was slower than the camera (oldest dropped first), in the
/// supervisor's queue or inside the source (a subprocess reader that keeps only the newest frame).</param>
/// <param name="Outages">Times the source failed or stalled while it was streaming (failures before it streams count
/// as <paramref name="OpenFailures"/>).</param>
/// <param name="Reconnects">Successful reopenings after an outage.</param>
/// <param name="OpenFailures">Attempts to open the source that failed.</param>
public readonly record struct CaptureCounters(long Frames, long Dropped, long Outages, long Reconnects, long OpenFailures);
