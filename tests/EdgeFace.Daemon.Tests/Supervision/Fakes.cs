using System.Drawing;
using EdgeFace.Capture;
using EdgeFace.Capture.Supervision;
using EdgeFace.Composition;
using EdgeFace.Configuration;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference;
using EdgeFace.Inference.Detectors;
using EdgeFace.Inference.Manifest;
using EdgeFace.Pipeline;

namespace EdgeFace.Daemon.Tests.Supervision;

/// <summary>A source of small RGB frames, one every <paramref name="intervalMs"/>, ending after <paramref name="count"/> (0: never).</summary>
internal sealed class FakeFrameSource(int count, int intervalMs) : IFrameSource
{
    private readonly FramePool _pool = new();
    private int _sent;

    public string Description => "fake 32x24 rgb";
    public void Open() { }

    public bool TryRead(TimeSpan timeout, out Frame? frame)
    {
        if (count < 0) throw new CaptureException(CaptureErrorKind.EndOfStream, "nothing in the fake input");
        if (count > 0 && _sent >= count) throw new CaptureException(CaptureErrorKind.EndOfStream, "end of the fake input");
        Thread.Sleep(intervalMs);
        frame = _pool.Rent(32 * 24 * 3, PixelFormat.Rgb24, 32, 24, 32 * 3);
        frame.Sequence = _sent++;
        frame.Timestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        return true;
    }

    public void Dispose() { }
}

internal sealed class FakeCaptureFactory(int count = 0, int intervalMs = 2) : ICaptureFactory
{
    public int Created;

    public CaptureSupervisor Create(EdgeFaceConfig config)
    {
        Interlocked.Increment(ref Created);
        return new CaptureSupervisor(() => new FakeFrameSource(count, intervalMs), new CaptureSupervisorOptions { QueueCapacity = 2 });
    }
}

/// <summary>Finds one face in the same place on every frame and counts how often it ran.</summary>
internal sealed class FakeDetector : IFaceDetector
{
    public int Runs;
    public bool Disposed;
    /// <summary>Every this many runs, the frame is refused as undecodable (0: never).</summary>
    public int FailEvery;
    public ModelManifest Manifest => null!;
    public InferenceTimings LastTimings => default;
    public string ActiveProvider => "fake";

    public int Detect(in ImageView image, Span<FaceDetection> faces)
    {
        int run = Interlocked.Increment(ref Runs);
        if (FailEvery > 0 && run % FailEvery == 0) throw new FrameDecodeException($"fake corrupt frame (run {run})");
        faces[0] = new FaceDetection { Box = new RectangleF(4, 4, 12, 12), Score = 0.9f };
        return 1;
    }

    public PreparedInput? Prepare(in ImageView image) => null;
    public int Detect(PreparedInput input, Span<FaceDetection> faces) => throw new NotSupportedException();
    public void Dispose() => Disposed = true;
}

/// <summary>Fake models; a detector named in <see cref="Refuse"/> fails to load like a broken model would.</summary>
internal sealed class FakeModelFactory : IModelFactory
{
    public readonly List<FakeDetector> Loaded = new();
    public string? Refuse;
    public int FailEvery;

    public FrameProcessor Load(EdgeFaceConfig config)
    {
        if (config.Models.Detector == Refuse) throw new ModelLoadException(config.Models.Detector, "refused by the test");
        var detector = new FakeDetector { FailEvery = FailEvery };
        lock (Loaded) Loaded.Add(detector);
        return new FrameProcessor(detector, null, config.Detection);
    }
}

/// <summary>Keeps (type, id) of every event it is given.</summary>
internal sealed class RecordingSink : IEventSink
{
    public readonly List<(FaceEventType Type, int Id)> Events = new();
    public void Write(FaceEvent e) { lock (Events) Events.Add((e.Type, e.Id)); }
}
