using System.Reflection;

namespace EdgeFace.SelfTest;

/// <summary>
/// The test classes that depend on the CPU: image kernels (SIMD against the scalar reference), JPEG through
/// libturbojpeg, the model output decoders and NMS, the shipped models through ONNX Runtime, and the steady-state
/// allocation checks of the frame path. Pure logic (config, CLI parsing, MQTT) is architecture-neutral and stays
/// with the x64 run.
/// </summary>
public static class SelfTestPlan
{
    public static readonly string[] Classes =
    [
        "EdgeFace.Imaging.Tests.SimdAgreementTests",
        "EdgeFace.Imaging.Tests.InterleavedWarpTests",
        "EdgeFace.Imaging.Tests.ColorConversionTests",
        "EdgeFace.Imaging.Tests.ResizeTests",
        "EdgeFace.Imaging.Tests.LetterboxTests",
        "EdgeFace.Imaging.Tests.WarpTests",
        "EdgeFace.Imaging.Tests.TrainingFixtureTests",
        "EdgeFace.Imaging.Tests.JpegCodecTests",
        "EdgeFace.Imaging.Tests.ImageFileTests",
        "EdgeFace.Imaging.Tests.AllocationTests",
        "EdgeFace.Inference.Tests.KpnetDecoderTests",
        "EdgeFace.Inference.Tests.YunetDecoderTests",
        "EdgeFace.Inference.Tests.GreedyNmsTests",
        "EdgeFace.Inference.Tests.LandmarkCropTests",
        "EdgeFace.Inference.Tests.KpnetFixtureTests",
        "EdgeFace.Inference.Tests.PfldCropFixtureTests",
        "EdgeFace.Inference.Tests.ShippedModelTests",
        "EdgeFace.Onnx.Tests.BoundRunTests",
        "EdgeFace.Daemon.Tests.Tracking.FaceTrackerTests",
        "EdgeFace.Daemon.Tests.Pipeline.DecodeStageTests",
    ];

    private static readonly Assembly[] Assemblies =
    [
        typeof(EdgeFace.Imaging.Tests.SimdAgreementTests).Assembly,
        typeof(EdgeFace.Inference.Tests.KpnetDecoderTests).Assembly,
        typeof(EdgeFace.Daemon.Tests.Tracking.FaceTrackerTests).Assembly,
        typeof(EdgeFace.Onnx.Tests.BoundRunTests).Assembly,
    ];

    public static Type Resolve(string name) =>
        Assemblies.Select(a => a.GetType(name)).FirstOrDefault(t => t is not null)
        ?? throw new ArgumentException($"no test class '{name}' in {string.Join(", ", Assemblies.Select(a => a.GetName().Name))}");
}
