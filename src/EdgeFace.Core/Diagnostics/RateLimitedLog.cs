using System.Diagnostics;

namespace EdgeFace.Core.Diagnostics;

/// <summary>
/// A warning that may repeat every frame (a camera sending broken or oversized frames): at most one line per
/// interval, the next one saying how many were left out, so a bad source cannot flood the journal.
/// </summary>
public sealed class RateLimitedLog(string component, TimeSpan interval)
{
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private long _next;
    private long _suppressed;

    public void Warn(string message)
    {
        long now = Stopwatch.GetTimestamp();
        long next = Volatile.Read(ref _next);
        if (now < next || Interlocked.CompareExchange(ref _next, now + _intervalTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        long left = Interlocked.Exchange(ref _suppressed, 0);
        Log.Warn(component, left > 0 ? $"{message} (and {left} more like it since the last report)" : message);
    }
}
