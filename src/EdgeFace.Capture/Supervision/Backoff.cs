namespace EdgeFace.Capture.Supervision;

/// <summary>Capped exponential backoff: initial, 2×, 4×… up to the cap; reset after a good stretch of streaming.</summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private int _attempt;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero || max < initial) throw new ArgumentOutOfRangeException(nameof(initial), "need 0 < initial <= max");
        _initial = initial;
        _max = max;
    }

    /// <summary>The delay before the next attempt; each call doubles the following one up to the cap.</summary>
    public TimeSpan Next()
    {
        double factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        var delay = TimeSpan.FromTicks((long)Math.Min(_initial.Ticks * factor, _max.Ticks));
        return delay;
    }

    public void Reset() => _attempt = 0;
}
