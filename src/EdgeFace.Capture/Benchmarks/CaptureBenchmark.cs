using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.Versioning;
using EdgeFace.Capture.Supervision;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Benchmarks;

/// <summary>
/// Measures what capture itself costs per frame, apart from waiting for the camera. For a V4L2 source that is
/// poll → DQBUF → frame handed over → Release → QBUF. Prints numbers, asserts nothing. Run it from the VM probe
/// (<c>tests/vm/probe bench</c>, vivid) or on a device, e.g.
/// <c>CaptureBenchmark.Direct("v4l2:/dev/video0?width=640&amp;height=480&amp;format=yuyv", 300)</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public static class CaptureBenchmark
{
    /// <summary>
    /// The source read on this thread: CPU time of this thread per frame (read, touch, hand-over, release) and
    /// managed allocation per frame.
    /// </summary>
    public static CaptureBenchmarkResult Direct(string uri, int frames, int warmup = 30, Action<Frame>? handOver = null)
    {
        using var source = FrameSourceFactory.Create(uri);
        source.Open();
        for (int i = 0; i < warmup; i++) Consume(Next(source), handOver);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long cpu = ThreadCpuClock.NowNanoseconds();
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++) Consume(Next(source), handOver);
        wall.Stop();
        cpu = ThreadCpuClock.NowNanoseconds() - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new CaptureBenchmarkResult("direct", source.Description, frames, cpu / 1000.0 / frames,
            (double)allocated / frames, frames / wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The full path the daemon uses: source → <see cref="CaptureSupervisor"/> thread → drop-oldest queue → consumer.
    /// CPU is the whole process's per frame (both threads), so it includes the queue hand-over and thread wake-ups.
    /// </summary>
    public static CaptureBenchmarkResult Supervised(string uri, int frames, int warmup = 30, Action<Frame>? handOver = null)
    {
        using var supervisor = CaptureSupervisor.ForUri(uri);
        supervisor.Start();
        // One long-running async consumer, as the pipeline would have: its awaits reuse one state machine, so the
        // consumer side allocates nothing per frame either.
        return ConsumeAsync(supervisor, frames, warmup, handOver).GetAwaiter().GetResult();
    }

    private static async Task<CaptureBenchmarkResult> ConsumeAsync(CaptureSupervisor supervisor, int frames, int warmup, Action<Frame>? handOver)
    {
        var reader = supervisor.Frames;
        for (int i = 0; i < warmup; i++) Consume(await reader.ReadAsync().ConfigureAwait(false), handOver);

        var cpu = Environment.CpuUsage.TotalTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long dropped = supervisor.Counters.Dropped;
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++) Consume(await reader.ReadAsync().ConfigureAwait(false), handOver);
        wall.Stop();
        var usedCpu = Environment.CpuUsage.TotalTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new CaptureBenchmarkResult("supervised", supervisor.SourceDescription ?? "?", frames, usedCpu.TotalMicroseconds / frames,
            (double)allocated / frames, frames / wall.Elapsed.TotalSeconds, supervisor.Counters.Dropped - dropped);
    }

    private static Frame Next(IFrameSource source)
    {
        for (int tries = 0; tries < 10; tries++)
            if (source.TryRead(TimeSpan.FromSeconds(1), out var frame) && frame is not null) return frame;
        throw new TimeoutException($"no frame for 10 s from {source.Description}");
    }

    private static void Consume(Frame frame, Action<Frame>? handOver)
    {
        // Touch the pixels the way a pipeline starts reading them, so lazily mapped memory is paid for here too.
        if (frame.Length > 0) _sink ^= frame.Data[frame.Length / 2];
        handOver?.Invoke(frame);
        frame.Release();
    }

    [SuppressMessage("Style", "IDE0052", Justification = "written only so the JIT cannot drop the read of the pixels")]
    private static int _sink;
}
