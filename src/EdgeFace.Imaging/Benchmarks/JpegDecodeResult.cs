namespace EdgeFace.Imaging.Benchmarks;

/// <summary>JPEG decode cost at full and half scale for one synthetic frame.</summary>
public sealed record JpegDecodeResult(string Case, int EncodedBytes, double FullNsPerCall, double HalfNsPerCall, int Iterations)
{
    public double HalfSpeedUp => FullNsPerCall / HalfNsPerCall;

    public override string ToString() =>
        $"{Case} ({EncodedBytes} bytes): full {FullNsPerCall / 1000:F0} µs, half {HalfNsPerCall / 1000:F0} µs ({HalfSpeedUp:F1}x), {Iterations} iterations";
}
