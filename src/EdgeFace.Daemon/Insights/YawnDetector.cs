namespace EdgeFace.Insights;

/// <summary>
/// A yawn is the smoothed mouth openness staying above <see cref="InsightsSettings.YawnOpenness"/> for at least
/// <see cref="InsightsSettings.YawnMinMs"/>; talking opens the mouth as wide only for moments. The mouth counts as
/// closed again below 80 % of the threshold, so one long yawn that wavers at the threshold is counted once.
/// </summary>
public struct YawnDetector
{
    private const float CloseFraction = 0.8f;

    private ExponentialSmoother _openness;
    private bool _open, _counted;
    private long _openSinceMs;

    public readonly float Openness => _openness.Value;
    public int Yawns { get; private set; }
    /// <summary>A counted yawn is still going on.</summary>
    public readonly bool Yawning => _open && _counted;

    /// <summary>True on the frame a yawn is recognised (once per yawn).</summary>
    public bool Update(float openness, long nowMs, InsightsSettings s)
    {
        float value = _openness.Add(openness, (float)s.SmoothingAlpha);
        if (!_open && value > s.YawnOpenness) { _open = true; _counted = false; _openSinceMs = nowMs; }
        else if (_open && value < s.YawnOpenness * CloseFraction) _open = false;
        if (!_open || _counted || nowMs - _openSinceMs < s.YawnMinMs) return false;
        _counted = true;
        Yawns++;
        return true;
    }
}
