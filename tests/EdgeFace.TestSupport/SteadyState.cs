using System.Runtime;

namespace EdgeFace.TestSupport;

/// <summary>
/// Measures what a per-frame call allocates once the process has settled. The runtime itself allocates on the
/// calling thread when it compiles code there (on-stack replacement of a hot loop, string literals of a freshly
/// jitted method), which happens at a moment that depends on what the other tests in the process have already
/// warmed up. A window in which the runtime compiled anything on this thread is therefore measured again; a window
/// free of compilation shows only what the code under test allocates, so an allocation per call still fails.
/// </summary>
public static class SteadyState
{
    /// <summary>Managed bytes the current thread allocated over <paramref name="calls"/> calls of <paramref name="call"/>.</summary>
    public static long AllocatedBytes(Action call, int calls = 50, int warmup = 20, int attempts = 5)
    {
        long allocated = 0;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            for (int i = 0; i < warmup; i++) call();
            long compiled = JitInfo.GetCompiledMethodCount(currentThread: true);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) call();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (JitInfo.GetCompiledMethodCount(currentThread: true) == compiled) return allocated;
        }
        return allocated;
    }
}
