namespace EdgeFace.Imaging.Benchmarks;

/// <summary>One benchmark case: nanoseconds per call of the scalar reference and of the SIMD path.</summary>
public sealed record ConvertResizeResult(string Case, double ScalarNsPerCall, double VectorNsPerCall, int Iterations)
{
    public double SpeedUp => ScalarNsPerCall / VectorNsPerCall;

    public override string ToString() =>
        $"{Case}: scalar {ScalarNsPerCall / 1000:F1} µs, simd {VectorNsPerCall / 1000:F1} µs, speed-up {SpeedUp:F1}x ({Iterations} iterations)";
}
