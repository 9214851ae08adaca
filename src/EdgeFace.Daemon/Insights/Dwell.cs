namespace EdgeFace.Insights;

/// <summary>
/// The track's clock: when it was first and last seen. Other signals integrate over <see cref="Advance"/>'s step, the
/// time since the previous frame the face was seen on, holding the state of that frame over the gap.
/// </summary>
public struct Dwell
{
    public long FirstSeenMs { get; private set; }
    public long LastSeenMs { get; private set; }
    public bool Started { get; private set; }

    public readonly long DwellMs => LastSeenMs - FirstSeenMs;

    /// <summary>Moves to <paramref name="nowMs"/> and returns the step (0 on the first frame or if time went back).</summary>
    public long Advance(long nowMs)
    {
        if (!Started) { FirstSeenMs = LastSeenMs = nowMs; Started = true; return 0; }
        long step = Math.Max(0, nowMs - LastSeenMs);
        LastSeenMs = Math.Max(LastSeenMs, nowMs);
        return step;
    }
}
