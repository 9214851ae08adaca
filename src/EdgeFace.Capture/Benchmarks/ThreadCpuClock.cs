using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace EdgeFace.Capture.Benchmarks;

/// <summary>CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID): cost without the time spent waiting.</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);

    public static long NowNanoseconds()
    {
        TimeSpec t;
        return ClockGetTime(ClockThreadCpuTimeId, &t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;
    }
}
