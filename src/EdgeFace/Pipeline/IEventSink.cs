using EdgeFace.Tracking;

using EdgeFace.Messaging.Events;

namespace EdgeFace.Pipeline;

/// <summary>Receives face-lifecycle events off the frame path (stdout, MQTT). Must not keep the event after returning.</summary>
public interface IEventSink
{
    void Write(FaceEvent e);
}

/// <summary>Sees every processed frame's faces on the frame path (GPIO rules, presence). Must be cheap and allocation-free.</summary>
public interface IFrameObserver
{
    void OnFrame(in FrameResult result);
}

/// <summary>
/// Receives the landmarks of each tracked face on every frame the detector ran (the optional per-frame landmark
/// stream). Called on the frame path: copy what is needed and return; never block.
/// </summary>
public interface ILandmarkSink
{
    void Write(int faceId, long unixTimeMs, ReadOnlySpan<System.Drawing.PointF> landmarks);
}

/// <summary>What one processed frame produced, borrowed for the duration of the call.</summary>
public readonly ref struct FrameResult
{
    public FrameResult(ReadOnlySpan<EdgeFace.Core.Faces.FaceDetection> faces, int width, int height, long unixTimeMs, bool detected)
    {
        Faces = faces; Width = width; Height = height; UnixTimeMs = unixTimeMs; Detected = detected;
    }

    public ReadOnlySpan<EdgeFace.Core.Faces.FaceDetection> Faces { get; }
    public int Width { get; }
    public int Height { get; }
    public long UnixTimeMs { get; }
    /// <summary>False on frames where the detector was skipped (detect_every, adaptive load).</summary>
    public bool Detected { get; }
}
