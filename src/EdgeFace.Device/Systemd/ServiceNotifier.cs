namespace EdgeFace.Device.Systemd;

/// <summary>
/// The daemon's one handle on systemd: READY/STATUS/STOPPING plus the progress-gated watchdog. Outside systemd
/// (no <c>$NOTIFY_SOCKET</c>) every call is a no-op, so the daemon calls it unconditionally.
/// </summary>
public sealed class ServiceNotifier : IDisposable
{
    private readonly SdNotify? _notify;
    private readonly Watchdog? _watchdog;

    public ServiceNotifier(SdNotify? notify, TimeSpan? watchdogPeriod, TimeProvider? clock = null)
    {
        _notify = notify;
        if (notify is not null && watchdogPeriod is { } period && period > TimeSpan.Zero)
            _watchdog = new Watchdog(notify.WatchdogPing, period, clock);
    }

    /// <summary>From <c>NOTIFY_SOCKET</c>, <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> as systemd sets them.</summary>
    public static ServiceNotifier FromEnvironment(TimeProvider? clock = null)
    {
        var notify = SdNotify.FromEnvironment();
        TimeSpan? period = null;
        if (notify is not null && ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out ulong usec) && usec > 0
            && (Environment.GetEnvironmentVariable("WATCHDOG_PID") is not { Length: > 0 } pid || pid == Environment.ProcessId.ToString()))
            period = TimeSpan.FromMicroseconds(usec);
        return new ServiceNotifier(notify, period, clock);
    }

    public bool UnderSystemd => _notify is not null;

    /// <summary>How often WATCHDOG=1 goes out while progressing, or null without a watchdog.</summary>
    public TimeSpan? WatchdogInterval => _watchdog?.Interval;

    public void Ready(string? status = null) => _notify?.Ready(status);
    public void Status(string status) => _notify?.Status(status);
    public void Stopping() => _notify?.Stopping();

    /// <summary>Per processed frame (allocation-free): keeps the watchdog fed.</summary>
    public void Progress() => _watchdog?.Progress();

    public void Dispose()
    {
        _watchdog?.Dispose();
        _notify?.Dispose();
    }
}
