using System.Diagnostics;

namespace EdgeFace.Device.Stats;

/// <summary>
/// Latency of one pipeline stage over the last <see cref="Capacity"/> samples: a ring buffer of doubles, so
/// recording is a lock and a store (no allocation), and percentiles are exact over the window. Summaries sort a
/// preallocated copy, so they allocate nothing either.
/// </summary>
public sealed class LatencyWindow
{
    private readonly object _gate = new();
    private readonly double[] _ring;
    private readonly double[] _scratch;
    private int _next, _count;
    private long _total;
    private double _totalMs;

    public LatencyWindow(string name, int capacity = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        _ring = new double[capacity];
        _scratch = new double[capacity];
    }

    public string Name { get; }
    public int Capacity => _ring.Length;

    public void Record(double milliseconds)
    {
        if (double.IsNaN(milliseconds) || milliseconds < 0) return;
        lock (_gate)
        {
            _ring[_next] = milliseconds;
            _next = (_next + 1) % _ring.Length;
            if (_count < _ring.Length) _count++;
            _total++;
            _totalMs += milliseconds;
        }
    }

    public void Record(TimeSpan elapsed) => Record(elapsed.TotalMilliseconds);

    /// <summary>Records the time since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    /// <summary>Times a block: <c>using (window.Measure()) { ... }</c> (a struct: no allocation).</summary>
    public Scope Measure() => new(this, Stopwatch.GetTimestamp());

    public LatencySummary Summarize()
    {
        lock (_gate)
        {
            if (_count == 0) return new LatencySummary(0, _total, _totalMs, 0, 0, 0, 0, 0);
            var s = _scratch.AsSpan(0, _count);
            _ring.AsSpan(0, _count).CopyTo(s);
            s.Sort();
            double sum = 0;
            foreach (var v in s) sum += v;
            return new LatencySummary(_count, _total, _totalMs, sum / _count, Rank(s, 0.50), Rank(s, 0.95), Rank(s, 0.99), s[^1]);
        }
    }

    /// <summary>Nearest-rank percentile of sorted samples (a value that was actually observed).</summary>
    private static double Rank(ReadOnlySpan<double> sorted, double q)
    {
        int index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public readonly struct Scope(LatencyWindow window, long start) : IDisposable
    {
        public void Dispose() => window.RecordSince(start);
    }
}
