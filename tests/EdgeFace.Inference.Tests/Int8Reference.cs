using EdgeFace.Core.Hosting;
using EdgeFace.Imaging;
using EdgeFace.Inference.Decoding;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

/// <summary>
/// Runs kpnet-int8 twice on the same input: once as configured (graph optimisation on, so the CPU provider fuses the
/// QDQ convolutions into int8 QLinearConv kernels) and once with graph optimisation off, where ORT executes the graph
/// as written (DequantizeLinear, float Conv, QuantizeLinear): the reference. Returns the largest output differences.
/// </summary>
public static class Int8Reference
{
    public static string Manifest => RepoPaths.Path("models-int8", "kpnet-int8.json");

    /// <summary>Largest accepted |Δscale| (fused requantisation rounds some activations one step differently).</summary>
    public const float ScaleTolerance = 0.15f;

    /// <summary>Largest accepted |Δkpt| (keypoint logits, range about -12..2).</summary>
    public const float KptTolerance = 1.0f;

    public readonly record struct Difference(string Input, float Scale, float Kpt)
    {
        public bool WithinTolerance => Scale <= ScaleTolerance && Kpt <= KptTolerance;
        public override string ToString() => $"{Input}: max |Δscale| {Scale:F4} (tolerance {ScaleTolerance}), max |Δkpt| {Kpt:F4} (tolerance {KptTolerance})";
    }

    /// <summary>The fixed inputs: a seeded pseudo-image always, and the demo portrait when set-up has fetched it.</summary>
    public static IEnumerable<string> Inputs()
    {
        yield return "seeded";
        if (File.Exists(DemoPortrait)) yield return DemoPortrait;
    }

    private static string DemoPortrait => Path.Combine(EdgeFacePaths.DemoDirectory, "astronaut.png");

    public static Difference Measure(InferenceOptions options, string input)
    {
        var reference = new InferenceOptions { IntraOpThreads = options.IntraOpThreads, GraphOptimization = "disable", X64QuantPrecision = options.X64QuantPrecision };
        using var optimised = ModelLoader.Open(Manifest, options);
        using var plain = ModelLoader.Open(Manifest, reference);
        Fill(optimised, input);
        Fill(plain, input);
        optimised.Run.Run();
        plain.Run.Run();
        return new Difference(input == "seeded" ? input : Path.GetFileName(input), MaxAbsDiff(optimised, plain, "scale"), MaxAbsDiff(optimised, plain, "keypoints"));
    }

    private static void Fill(LoadedModel model, string input)
    {
        if (input == "seeded")
        {
            // Smooth gradients plus seeded noise in [0, 1], the range the manifest's 1/255 scale gives.
            var tensor = model.Run.Input<float>(model.InputIndex);
            var random = new Random(11);
            for (int i = 0; i < tensor.Length; i++)
                tensor[i] = Math.Clamp(0.5f + 0.35f * MathF.Sin(i * 0.013f) + 0.3f * (random.NextSingle() - 0.5f), 0f, 1f);
            return;
        }
        var image = ImageFile.Load(input);
        InputTensors.Resize(image.View, model.Run, model.InputIndex, InputTensors.Spec(model.Manifest.Input), bytes: false, letterbox: true);
    }

    private static float MaxAbsDiff(LoadedModel a, LoadedModel b, string role)
    {
        var x = a.Run.Output<float>(a.OutputIndex(role));
        var y = b.Run.Output<float>(b.OutputIndex(role));
        if (x.Length != y.Length) throw new InvalidOperationException($"{role}: {x.Length} against {y.Length} elements");
        float max = 0;
        for (int i = 0; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - y[i]));
        return max;
    }
}
