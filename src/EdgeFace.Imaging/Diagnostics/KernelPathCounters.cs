using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeFace.Imaging.Diagnostics;

/// <summary>
/// How often each image kernel took its vector or its scalar path, counted per row (per block of four for the
/// warp). Which path runs depends on the CPU the JIT compiled for, so a run on another architecture (arm64 under
/// emulation, a real board) can show that its own vector code ran, not only that the results were right.
/// The counts are plain increments, not interlocked: a few thousand a frame must cost nothing, and two threads
/// racing on one can only lose a count, which does not matter for "did this path run".
/// </summary>
public static class KernelPathCounters
{
    internal static long RowConvertVector, RowConvertScalarOnly;
    internal static long HalvingSse, HalvingAdvSimd, HalvingScalar;
    internal static long BlendVector256, BlendVector128, BlendScalar;
    internal static long NormalizeVector256, NormalizeVector128, NormalizeScalar;
    internal static long WarpVector4, WarpScalarPixels;

    /// <summary>The instruction sets the kernels choose between, as this process's JIT sees them.</summary>
    public static IReadOnlyList<(string Name, bool Supported)> InstructionSets() =>
    [
        ("Vector128.IsHardwareAccelerated", Vector128.IsHardwareAccelerated),
        ("Vector256.IsHardwareAccelerated", Vector256.IsHardwareAccelerated),
        ("AdvSimd.IsSupported", AdvSimd.IsSupported),
        ("AdvSimd.Arm64.IsSupported", AdvSimd.Arm64.IsSupported),
        ("Sse.IsSupported", Sse.IsSupported),
        ("Avx2.IsSupported", Avx2.IsSupported),
    ];

    /// <summary>Every counter by name (kernel.path), in a fixed order.</summary>
    public static IReadOnlyList<(string Name, long Count)> Snapshot() =>
    [
        ("row_convert.vector128", Volatile.Read(ref RowConvertVector)),
        ("row_convert.scalar_only", Volatile.Read(ref RowConvertScalarOnly)),
        ("resize_halving.sse", Volatile.Read(ref HalvingSse)),
        ("resize_halving.advsimd_uzp", Volatile.Read(ref HalvingAdvSimd)),
        ("resize_halving.scalar", Volatile.Read(ref HalvingScalar)),
        ("resize_blend.vector256", Volatile.Read(ref BlendVector256)),
        ("resize_blend.vector128", Volatile.Read(ref BlendVector128)),
        ("resize_blend.scalar", Volatile.Read(ref BlendScalar)),
        ("normalize.vector256", Volatile.Read(ref NormalizeVector256)),
        ("normalize.vector128", Volatile.Read(ref NormalizeVector128)),
        ("normalize.scalar", Volatile.Read(ref NormalizeScalar)),
        ("warp.vector4_blocks", Volatile.Read(ref WarpVector4)),
        ("warp.scalar_pixels", Volatile.Read(ref WarpScalarPixels)),
    ];

    /// <summary>The count of one counter by its <see cref="Snapshot"/> name.</summary>
    public static long Get(string name) =>
        Snapshot().FirstOrDefault(c => c.Name == name) is { Name: not null } c ? c.Count : throw new ArgumentException($"no kernel counter '{name}'");

    public static void Reset()
    {
        RowConvertVector = RowConvertScalarOnly = 0;
        HalvingSse = HalvingAdvSimd = HalvingScalar = 0;
        BlendVector256 = BlendVector128 = BlendScalar = 0;
        NormalizeVector256 = NormalizeVector128 = NormalizeScalar = 0;
        WarpVector4 = WarpScalarPixels = 0;
    }
}
