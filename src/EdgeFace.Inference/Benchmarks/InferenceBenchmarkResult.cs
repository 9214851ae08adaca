namespace EdgeFace.Inference.Benchmarks;

/// <summary>
/// Mean per-call figures of one model over a benchmark run. <see cref="BareRunMs"/> is ORT's Run alone on the bound
/// tensors; <see cref="TotalMs"/> minus it is what the pipeline (tensor writing, decoding) adds.
/// </summary>
public sealed record InferenceBenchmarkResult(
    string Model, string Provider, int Iterations,
    double PreprocessMs, double RunMs, double DecodeMs, double TotalMs, double BareRunMs, double AllocatedBytesPerCall)
{
    public double OverheadMs => TotalMs - BareRunMs;

    public override string ToString() =>
        $"{Model} [{Provider}] x{Iterations}: total {TotalMs:F2} ms (preprocess {PreprocessMs:F2}, run {RunMs:F2}, decode {DecodeMs:F3}); " +
        $"bare ORT run {BareRunMs:F2} ms; pipeline overhead {OverheadMs:F2} ms; {AllocatedBytesPerCall:F1} B allocated/call";
}
