namespace EdgeFace.Capture.Benchmarks;

/// <summary>Figures from one capture benchmark run.</summary>
/// <param name="CpuMicrosecondsPerFrame">CPU time per frame (blocked waits for the device cost no CPU, so they are excluded).</param>
/// <param name="AllocatedBytesPerFrame">Managed bytes allocated per frame in steady state.</param>
/// <param name="FramesPerSecond">Delivered rate (bounded by the device's own rate).</param>
public sealed record CaptureBenchmarkResult(string Name, string Source, int Frames, double CpuMicrosecondsPerFrame,
    double AllocatedBytesPerFrame, double FramesPerSecond, long Dropped = 0)
{
    public override string ToString() =>
        $"{Name}: {Frames} frames, {CpuMicrosecondsPerFrame:0.0} us CPU/frame, {AllocatedBytesPerFrame:0.#} B allocated/frame, " +
        $"{FramesPerSecond:0.#} fps delivered, {Dropped} dropped [{Source}]";
}
