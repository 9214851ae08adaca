namespace EdgeFace.Gpio.Rules;

/// <summary>
/// The timing state machine of one output (pure logic, times in milliseconds of a monotonic clock).
/// Hold: active from a matching frame until <c>holdMs</c> after the last matching frame.
/// Pulse: a <c>pulseMs</c> pulse when faces arrive; it re-arms once no matching frame was seen for <c>holdMs</c>.
/// </summary>
public sealed class OutputRule
{
    private readonly bool _pulse;
    private readonly long _holdMs, _pulseMs;
    private long _activeUntil;
    private long _lastMatch = long.MinValue;
    private bool _present;

    public OutputRule(string name, FaceCondition condition, bool pulse, int holdMs, int pulseMs)
    {
        Name = name;
        Condition = condition;
        _pulse = pulse;
        _holdMs = holdMs;
        _pulseMs = pulseMs;
    }

    public string Name { get; }
    public FaceCondition Condition { get; }
    public bool Active { get; private set; }
    /// <summary>How many times the output went active (for stats).</summary>
    public long Activations { get; private set; }

    /// <summary>Feeds one evaluated frame; returns the output state.</summary>
    public bool OnFrame(bool matched, long nowMs)
    {
        if (matched)
        {
            if (_pulse)
            {
                if (!_present) { _present = true; Activate(nowMs + _pulseMs); }
            }
            else
            {
                if (!Active) Activations++;
                Active = true;
                _activeUntil = nowMs + _holdMs;
            }
            _lastMatch = nowMs;
        }
        return Tick(nowMs);
    }

    /// <summary>Advances time without a frame (ends holds and pulses); returns the output state.</summary>
    public bool Tick(long nowMs)
    {
        if (Active && nowMs >= _activeUntil) Active = false;
        if (_present && nowMs - _lastMatch >= _holdMs) _present = false;
        return Active;
    }

    /// <summary>When the state will next change on its own, or null when nothing is pending.</summary>
    public long? NextDeadline => Active ? _activeUntil : _present ? _lastMatch + _holdMs : null;

    private void Activate(long until)
    {
        Active = true;
        Activations++;
        _activeUntil = until;
    }
}
