using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Device.Load;

/// <summary>
/// Sheds detection work when the device runs hot or busy: above the thermal or CPU limit it detects on every
/// Nth frame only, and returns to the profile's normal rate once the temperature is back at or below resume_c
/// and the CPU use, projected back to the normal rate, would stay below the limit. Without that projection the
/// lighter load while throttled would look "fine" at once and the state would flap. A minimum dwell time in each
/// state adds a second guard. Fed by periodic samples (not per frame); <see cref="ShouldDetect"/> is per frame.
/// </summary>
public sealed class AdaptiveLoad
{
    private readonly ThermalOptions _options;
    private readonly int _normalEvery;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _minDwell;
    private long _changedAt;
    private volatile int _detectEvery;

    public AdaptiveLoad(ThermalOptions options, int normalDetectEvery = 1, TimeProvider? clock = null, TimeSpan? minDwell = null)
    {
        _options = options;
        _normalEvery = Math.Max(1, normalDetectEvery);
        _clock = clock ?? TimeProvider.System;
        _minDwell = minDwell ?? TimeSpan.FromSeconds(10);
        _detectEvery = _normalEvery;
        _changedAt = _clock.GetTimestamp() - (long)(_minDwell.TotalSeconds * _clock.TimestampFrequency);
    }

    public bool Throttled { get; private set; }
    public string? Reason { get; private set; }
    public long Transitions { get; private set; }

    /// <summary>Detect on every Nth frame (1 = every frame).</summary>
    public int DetectEvery => _detectEvery;

    /// <summary>Per frame: whether this frame (a running counter) should run detection. Allocation-free.</summary>
    public bool ShouldDetect(long frameNumber) => frameNumber % _detectEvery == 0;

    public AdaptiveLoadState State => new(Throttled, Reason, _detectEvery, Transitions);

    /// <summary>Feeds one sample; returns true when the state changed.</summary>
    /// <param name="temperatureC">SoC temperature, or null when unknown (then only CPU decides).</param>
    /// <param name="cpuPercentOfMachine">Process CPU use, 100 = every core busy; null when unknown.</param>
    public bool Update(double? temperatureC, double? cpuPercentOfMachine)
    {
        bool dwellOver = _clock.GetElapsedTime(_changedAt) >= _minDwell;
        double cpuLimit = _options.CpuLimitPercent;
        if (!Throttled)
        {
            string? reason =
                temperatureC >= _options.LimitC ? $"temperature {temperatureC:0.#} °C ≥ {_options.LimitC:0.#} °C"
                : cpuLimit > 0 && cpuPercentOfMachine >= cpuLimit ? $"CPU {cpuPercentOfMachine:0} % ≥ {cpuLimit:0} %"
                : null;
            if (reason is null || !dwellOver) return false;
            Switch(true, reason, Math.Max(_normalEvery, _options.ThrottledDetectEvery));
            return true;
        }
        else
        {
            bool cool = temperatureC is null || temperatureC <= _options.ResumeC;
            // What the CPU use would be back at the normal rate (conservative: assumes all work scales with detection).
            double? projectedCpu = cpuPercentOfMachine * _detectEvery / _normalEvery;
            bool idle = cpuLimit <= 0 || projectedCpu is null || projectedCpu < cpuLimit;
            if (!(cool && idle && dwellOver)) return false;
            Switch(false, null, _normalEvery);
            return true;
        }
    }

    private void Switch(bool throttled, string? reason, int detectEvery)
    {
        Throttled = throttled;
        Reason = reason;
        _detectEvery = detectEvery;
        Transitions++;
        _changedAt = _clock.GetTimestamp();
        Log.Info("load", throttled ? $"throttling: {reason}; detecting on 1 of every {detectEvery} frames" : $"load back to normal: detecting on 1 of every {detectEvery} frame(s)");
    }
}
