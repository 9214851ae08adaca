using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeFace.Imaging.Diagnostics;

namespace EdgeFace.SelfTest;

/// <summary>
/// After the kernel tests ran: on arm64 the AdvSimd code must have run (the agreement tests passing on a scalar
/// fallback would prove nothing about it), and the x86 paths must not have. On x64 the mirror image.
/// </summary>
public static class VectorPathChecks
{
    public sealed record Check(string Name, string? Failure);

    public static IEnumerable<Check> ForThisProcess()
    {
        static Check AtLeastOne(string counter) =>
            new($"kernel path {counter} ran", KernelPathCounters.Get(counter) > 0 ? null : $"{counter} = 0: the vector path never ran");
        static Check Never(string counter) =>
            new($"kernel path {counter} did not run", KernelPathCounters.Get(counter) == 0 ? null : $"{counter} = {KernelPathCounters.Get(counter)}");

        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            yield return new("AdvSimd.Arm64 is supported", AdvSimd.Arm64.IsSupported ? null : "AdvSimd.Arm64.IsSupported is false");
            yield return new("Vector128 is hardware accelerated", Vector128.IsHardwareAccelerated ? null : "Vector128.IsHardwareAccelerated is false");
            yield return AtLeastOne("row_convert.vector128");
            yield return AtLeastOne("resize_halving.advsimd_uzp");
            yield return AtLeastOne("resize_blend.vector128");
            yield return AtLeastOne("normalize.vector128");
            yield return AtLeastOne("warp.vector4_blocks");
            yield return Never("resize_halving.sse");
            yield return Never("resize_halving.scalar");
        }
        else
        {
            yield return AtLeastOne("row_convert.vector128");
            yield return AtLeastOne("resize_halving.sse");
            yield return AtLeastOne("warp.vector4_blocks");
            yield return Never("resize_halving.advsimd_uzp");
        }
    }
}
