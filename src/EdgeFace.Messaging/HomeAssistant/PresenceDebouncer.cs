namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>
/// Turns per-frame face counts into a steady "someone is there": the state turns on once faces have been seen
/// without a gap for <c>onDelayMs</c> and off once no face has been seen for <c>offDelayMs</c>. A detector that
/// misses a face for a few frames (or sees a false one for a frame) therefore does not flip the state; only a change
/// that lasts longer than the delay does. Not thread-safe: the caller serialises <see cref="Observe"/> and
/// <see cref="Evaluate"/>.
/// </summary>
public sealed class PresenceDebouncer(int onDelayMs, int offDelayMs)
{
    private bool _raw;
    private long _rawSinceMs;
    private bool _seen;

    /// <summary>The debounced state; null until the first observation.</summary>
    public bool? Present { get; private set; }

    /// <summary>Face count of the most recent frame that had faces (what a count shows while presence bridges a gap).</summary>
    public int LastFaces { get; private set; }

    /// <summary>Records one frame's face count at <paramref name="nowMs"/> (any monotonic millisecond clock).</summary>
    public void Observe(int faces, long nowMs)
    {
        bool raw = faces > 0;
        if (raw) LastFaces = faces;
        if (!_seen || raw != _raw) { _raw = raw; _rawSinceMs = nowMs; }
        if (!_seen)
        {
            _seen = true;
            Present = raw;   // the first frame says how things are; there is nothing to bridge yet
        }
    }

    /// <summary>Applies the delays at <paramref name="nowMs"/>; true when <see cref="Present"/> changed.</summary>
    public bool Evaluate(long nowMs)
    {
        if (Present is not { } present || present == _raw) return false;
        if (nowMs - _rawSinceMs < (_raw ? onDelayMs : offDelayMs)) return false;
        Present = _raw;
        return true;
    }

    /// <summary>When <see cref="Evaluate"/> could next change the state, or null when nothing is pending.</summary>
    public long? PendingUntilMs => Present is { } present && present != _raw ? _rawSinceMs + (_raw ? onDelayMs : offDelayMs) : null;

    /// <summary>The face count to show: the current one while present (the last seen while a gap is bridged), else 0.</summary>
    public int Faces(int current) => Present == true ? (current > 0 ? current : LastFaces) : 0;
}
