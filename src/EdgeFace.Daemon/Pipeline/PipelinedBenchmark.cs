using System.Diagnostics;
using System.Threading.Channels;
using EdgeFace.Core.Frames;

namespace EdgeFace.Pipeline;

/// <summary>
/// Feeds JPEG frames (cycling through the given images) through a <see cref="DecodeStage"/> into a <see cref="FrameProcessor"/>, as a camera
/// would (each frame copied into a pooled buffer first), and times the model thread. On a machine with a second core
/// the decode overlaps the models, so the time per frame approaches the models' own.
/// </summary>
public static class PipelinedBenchmark
{
    public static PipelinedResult Run(FrameProcessor processor, IReadOnlyList<(byte[] Jpeg, int Width, int Height)> images, int frames, int warmup = 50) =>
        RunAsync(processor, images, frames, warmup).GetAwaiter().GetResult();

    private static async Task<PipelinedResult> RunAsync(FrameProcessor processor, IReadOnlyList<(byte[] Jpeg, int Width, int Height)> images, int frames, int warmup)
    {
        var input = Channel.CreateBounded<Frame>(new BoundedChannelOptions(2)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true,
        });
        using var stage = new DecodeStage(input.Reader) { PrepareAhead = processor.PrepareAhead };
        stage.Start();
        int total = warmup + frames;
        var pool = new FramePool();
        // The feeder is a plain thread that spins while the queue is full, like a capture thread that always has
        // the next frame ready; it allocates nothing, so the allocation figure is the decode stage's and the models'.
        var producer = new Thread(() =>
        {
            var spin = new SpinWait();
            int largest = images.Max(x => x.Jpeg.Length);
            for (int i = 0; i < total; i++)
            {
                var (jpeg, width, height) = images[i % images.Count];
                // rent the largest size so buffers are reused whatever image comes next
                var f = pool.Rent(largest, PixelFormat.Jpeg, width, height, 0);
                f.SetManaged(f.ManagedBuffer!, jpeg.Length, PixelFormat.Jpeg, width, height, 0, pool);
                jpeg.CopyTo(f.WritableData);
                f.Sequence = i;
                f.Timestamp = Stopwatch.GetTimestamp();
                while (!input.Writer.TryWrite(f)) spin.SpinOnce();
            }
            input.Writer.TryComplete();
        }) { IsBackground = true, Name = "bench-feeder" };
        producer.Start();

        var reader = stage.Output;
        long ort = 0, start = 0, allocated = 0;
        var timings = new FrameTimings();
        for (int i = 0; i < total; i++)
        {
            if (i == warmup)
            {
                start = Stopwatch.GetTimestamp();
                allocated = GC.GetTotalAllocatedBytes(precise: true);
            }
            Frame? frame;
            while (!reader.TryRead(out frame))
                if (!await reader.WaitToReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("the decode stage ended early");
            try
            {
                timings = default;
                processor.Process(frame, ref timings);
                if (i >= warmup) ort += timings.OrtRun;
            }
            finally { frame.Release(); }
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        producer.Join();
        double ms = elapsed * 1000.0 / Stopwatch.Frequency / frames;
        return new PipelinedResult(frames, ms, ort * 1000.0 / Stopwatch.Frequency / frames, stage.Decoded, allocated / (double)frames);
    }
}
