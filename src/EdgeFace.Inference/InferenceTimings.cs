using System.Diagnostics;

namespace EdgeFace.Inference;

/// <summary>
/// Where one model call spent its time, in <see cref="Stopwatch"/> ticks: writing the input tensor, ORT's Run, and
/// decoding the outputs. Comparing <see cref="Run"/> with the total shows the pipeline's own overhead.
/// </summary>
public readonly record struct InferenceTimings(long Preprocess, long Run, long Decode)
{
    public long Total => Preprocess + Run + Decode;

    public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public double PreprocessMs => ToMilliseconds(Preprocess);
    public double RunMs => ToMilliseconds(Run);
    public double DecodeMs => ToMilliseconds(Decode);
    public double TotalMs => ToMilliseconds(Total);

    public override string ToString() => $"preprocess {PreprocessMs:F2} ms, run {RunMs:F2} ms, decode {DecodeMs:F2} ms";
}
