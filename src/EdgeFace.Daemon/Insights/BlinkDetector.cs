namespace EdgeFace.Insights;

/// <summary>
/// Eye state of one face from its two eye aspect ratios: each smoothed and normalised by the face's own open-eye level,
/// closed below <see cref="InsightsSettings.EyeClosedRatio"/> (mean of both eyes), open again above
/// <see cref="InsightsSettings.EyeOpenRatio"/>. A closure no longer than <see cref="InsightsSettings.BlinkMaxMs"/> is a blink.
/// </summary>
public struct BlinkDetector
{
    // Frames of open-eye level to learn before any closure is believed.
    private const int WarmUpFrames = 3;
    // A rate over less than this would swing with every single blink.
    private const long MinRateMs = 10_000;

    private ExponentialSmoother _left, _right;
    private OpenEyeLevel _leftLevel, _rightLevel;
    private long _closedSinceMs, _lastMs;

    public float LeftOpenness { get; private set; }
    public float RightOpenness { get; private set; }
    public bool Closed { get; private set; }
    public int Blinks { get; private set; }
    public long ClosedTotalMs { get; private set; }
    /// <summary>Time over which the eyes were measured (the denominator of the blink rate).</summary>
    public long ObservedMs { get; private set; }

    /// <summary>Length of the current closure at the last update (0 while open).</summary>
    public readonly long ClosedMs => Closed ? _lastMs - _closedSinceMs : 0;

    public readonly float BlinksPerMinute => ObservedMs >= MinRateMs ? Blinks * 60_000f / ObservedMs : float.NaN;

    /// <summary>
    /// One frame's ratios. <paramref name="stepMs"/> is the time since the previous measured frame (0 for the first);
    /// the previous state is held over it.
    /// </summary>
    public void Update(float leftRatio, float rightRatio, long nowMs, long stepMs, InsightsSettings s)
    {
        if (_leftLevel.Samples > 0)
        {
            ObservedMs += stepMs;
            if (Closed) ClosedTotalMs += stepMs;
        }
        _lastMs = nowMs;
        float alpha = (float)s.SmoothingAlpha;
        float left = _left.Add(leftRatio, alpha), right = _right.Add(rightRatio, alpha);
        LeftOpenness = _leftLevel.Normalise(left);
        RightOpenness = _rightLevel.Normalise(right);
        float openness = (LeftOpenness + RightOpenness) / 2;

        if (Closed && openness > s.EyeOpenRatio)
        {
            Closed = false;
            if (nowMs - _closedSinceMs <= s.BlinkMaxMs) Blinks++;
        }
        else if (!Closed && _leftLevel.Samples >= WarmUpFrames && openness < s.EyeClosedRatio)
        {
            Closed = true;
            _closedSinceMs = nowMs;
        }
        // Only open frames teach the open level; the first frames teach it whatever they show.
        if (!Closed && (openness >= s.EyeClosedRatio || _leftLevel.Samples < WarmUpFrames))
        {
            _leftLevel.Add(left);
            _rightLevel.Add(right);
        }
    }
}
