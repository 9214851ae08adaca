using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;

namespace EdgeFace.Pipeline;

/// <summary>What one processed frame produced, borrowed for the duration of the call.</summary>
public readonly ref struct FrameResult
{
    public FrameResult(ReadOnlySpan<FaceDetection> faces, int width, int height, long unixTimeMs, bool detected,
        ReadOnlySpan<FaceSignals> signals = default)
    {
        Faces = faces; Width = width; Height = height; UnixTimeMs = unixTimeMs; Detected = detected; Signals = signals;
    }

    public ReadOnlySpan<FaceDetection> Faces { get; }
    /// <summary>The tracked signals of each face, in the order of <see cref="Faces"/> (empty when not detected).</summary>
    public ReadOnlySpan<FaceSignals> Signals { get; }
    public int Width { get; }
    public int Height { get; }
    public long UnixTimeMs { get; }
    /// <summary>False on frames where the detector was skipped (detect_every, adaptive load).</summary>
    public bool Detected { get; }
}
