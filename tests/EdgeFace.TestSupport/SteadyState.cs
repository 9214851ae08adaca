using System.Runtime;

namespace EdgeFace.TestSupport;

/// <summary>
/// Measures what a per-frame call allocates once the process has settled, including right after garbage
/// collections. The runtime itself allocates on the calling thread when it compiles code there (on-stack replacement
/// of a hot loop, string literals of a freshly jitted method), at a moment that depends on what the other tests in
/// the process have already warmed up, so a window in which the runtime compiled anything on this thread is measured
/// again. Collections matter because caches held through weak handles (Enum.IsDefined's per-type data, for one) are
/// rebuilt by the first call after a collection: a daemon collects now and then, so that is an allocation on the
/// per-frame path even though a quiet window never shows it.
/// </summary>
public static class SteadyState
{
    /// <summary>
    /// Managed bytes the current thread allocated over <paramref name="calls"/> calls of <paramref name="call"/>,
    /// plus <paramref name="collections"/> calls each made right after a full collection.
    /// </summary>
    public static long AllocatedBytes(Action call, int calls = 50, int warmup = 20, int attempts = 5, int collections = 3)
    {
        long quiet = Measure(call, calls, warmup, attempts, collectFirst: false);
        long afterCollections = Measure(call, collections, warmup: 2, attempts, collectFirst: true);
        return quiet + afterCollections;
    }

    private static long Measure(Action call, int calls, int warmup, int attempts, bool collectFirst)
    {
        long allocated = 0;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            for (int i = 0; i < warmup; i++) call();
            long compiled = JitInfo.GetCompiledMethodCount(currentThread: true);
            allocated = 0;
            for (int i = 0; i < calls; i++)
            {
                // GC.Collect allocates nothing on this thread, so it can sit inside the measured span.
                if (collectFirst) GC.Collect();
                long before = GC.GetAllocatedBytesForCurrentThread();
                call();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            if (JitInfo.GetCompiledMethodCount(currentThread: true) == compiled) return allocated;
        }
        return allocated;
    }
}
