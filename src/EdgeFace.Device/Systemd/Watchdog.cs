using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Device.Systemd;

/// <summary>
/// Feeds systemd's watchdog only while the pipeline makes progress. The pipeline calls <see cref="Progress"/>
/// per processed frame (cheap: one volatile write); every half watchdog period the helper sends WATCHDOG=1 if
/// progress was seen since the last send. A stalled pipeline therefore stops the pings and systemd restarts the
/// service after WatchdogSec, instead of a live timer thread hiding the stall.
/// </summary>
public sealed class Watchdog : IDisposable
{
    private readonly Func<bool> _ping;
    private readonly ITimer _timer;
    private int _progress;
    private int _missed;

    /// <param name="ping">Sends WATCHDOG=1 (e.g. <see cref="SdNotify.WatchdogPing"/>).</param>
    /// <param name="watchdogPeriod">systemd's WATCHDOG_USEC; pings go out every half of it.</param>
    public Watchdog(Func<bool> ping, TimeSpan watchdogPeriod, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(watchdogPeriod, TimeSpan.Zero);
        _ping = ping;
        Interval = watchdogPeriod / 2;
        _timer = (clock ?? TimeProvider.System).CreateTimer(_ => Check(), null, Interval, Interval);
    }

    public TimeSpan Interval { get; }

    /// <summary>Number of pings sent (for tests and stats).</summary>
    public long PingsSent { get; private set; }

    /// <summary>
    /// The watchdog systemd asked for (WATCHDOG_USEC, honouring WATCHDOG_PID), or null when none is set or it is
    /// meant for another process.
    /// </summary>
    public static Watchdog? FromEnvironment(SdNotify notify, TimeProvider? clock = null)
    {
        if (!ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out ulong usec) || usec == 0) return null;
        if (Environment.GetEnvironmentVariable("WATCHDOG_PID") is { Length: > 0 } pid && pid != Environment.ProcessId.ToString()) return null;
        return new Watchdog(notify.WatchdogPing, TimeSpan.FromMicroseconds(usec), clock);
    }

    /// <summary>The pipeline processed something. Allocation-free; call from any thread.</summary>
    public void Progress() => Volatile.Write(ref _progress, 1);

    /// <summary>One watchdog period step (the timer calls it; tests may too).</summary>
    public void Check()
    {
        if (Interlocked.Exchange(ref _progress, 0) == 1)
        {
            if (_missed > 0) Log.Info("watchdog", "pipeline progressing again");
            _missed = 0;
            if (_ping()) PingsSent++;
        }
        else if (_missed++ == 0)
        {
            Log.Warn("watchdog", $"no pipeline progress in {Interval.TotalSeconds:0.#} s: not feeding the systemd watchdog");
        }
    }

    public void Dispose() => _timer.Dispose();
}
