using System.Globalization;

namespace EdgeFace.Device.Stats;

/// <summary>
/// Reads this process's CPU time (<c>/proc/self/stat</c> utime + stime) and resident memory
/// (<c>/proc/self/status</c> VmRSS), plus .NET GC counts. The proc folder is injectable for tests.
/// </summary>
public sealed class ProcessSampler
{
    private readonly string _procSelf;
    private readonly TimeProvider _clock;
    private readonly int _cores;
    private readonly double _ticksPerSecond;
    private long _lastCpuTicks = -1;
    private long _lastTimestamp;
    private double _lastPercent;

    /// <summary>
    /// CPU time is counted in 10 ms clock ticks, so over short intervals the ratio is mostly quantisation noise
    /// (one tick in 1 ms would read as 1000 %). Samples closer together than this repeat the previous figure.
    /// </summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="procSelf">Folder holding <c>stat</c> and <c>status</c> (default <c>/proc/self</c>).</param>
    /// <param name="clockTicksPerSecond">USER_HZ, the unit of utime/stime: 100 on every Linux architecture EdgeFace supports.</param>
    public ProcessSampler(string procSelf = "/proc/self", TimeProvider? clock = null, int? cores = null, int clockTicksPerSecond = 100)
    {
        _procSelf = procSelf;
        _clock = clock ?? TimeProvider.System;
        _cores = Math.Max(1, cores ?? Environment.ProcessorCount);
        _ticksPerSecond = clockTicksPerSecond;
    }

    public ProcessSample Sample()
    {
        long cpuTicks = ReadCpuTicks();
        long now = _clock.GetTimestamp();
        bool first = _lastCpuTicks < 0;
        if (cpuTicks >= 0)
        {
            var wall = _clock.GetElapsedTime(_lastTimestamp, now);
            if (first || wall >= MinimumInterval)
            {
                if (!first) _lastPercent = (cpuTicks - _lastCpuTicks) / _ticksPerSecond / wall.TotalSeconds * 100.0;
                _lastCpuTicks = cpuTicks;
                _lastTimestamp = now;
            }
        }
        double percent = _lastPercent;
        return new ProcessSample(percent, percent / _cores, ReadRssBytes(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalMemory(false));
    }

    /// <summary>utime + stime in clock ticks, or -1 when unreadable.</summary>
    private long ReadCpuTicks()
    {
        string? stat = TryRead("stat");
        if (stat is null) return -1;
        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0) return -1;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); utime is field 14 and stime field 15.
        if (fields.Length < 13) return -1;
        return long.TryParse(fields[11], CultureInfo.InvariantCulture, out long utime) && long.TryParse(fields[12], CultureInfo.InvariantCulture, out long stime)
            ? utime + stime : -1;
    }

    private long ReadRssBytes()
    {
        string? status = TryRead("status");
        if (status is null) return 0;
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line[6..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long kb)) return kb * 1024;
        }
        return 0;
    }

    private string? TryRead(string name)
    {
        try { return File.ReadAllText(Path.Combine(_procSelf, name)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
