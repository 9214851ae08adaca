using System.Runtime.InteropServices;

namespace EdgeFace.Hosting;

/// <summary>
/// Hands memory the C heap keeps after large native frees back to the kernel. Loading a model makes ONNX Runtime
/// allocate and free tens of megabytes (graph parsing and optimisation) on threads of its own; glibc keeps those pages
/// in its per-thread arenas, so every model reload raised the resident size for good: ~70 MB over the first 40
/// remote restarts, then ~0.2-0.6 MB per restart (issue 12). <c>malloc_trim</c> after a reload returns them.
/// </summary>
public static partial class NativeHeap
{
    private static bool _unavailable;

    /// <summary>Trims the C heap where the C library is glibc; a no-op elsewhere (musl has no malloc_trim).</summary>
    public static void Trim()
    {
        if (_unavailable || !OperatingSystem.IsLinux()) return;
        try { _ = MallocTrim(0); } // 1 when memory went back to the kernel, 0 when there was none to give: nothing to act on
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _unavailable = true; }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
