namespace EdgeFace.Pipeline;

/// <summary>
/// Receives the landmarks of each tracked face on every frame the detector ran (the optional per-frame landmark
/// stream). Called on the frame path: copy what is needed and return; never block.
/// </summary>
public interface ILandmarkSink
{
    void Write(int faceId, long unixTimeMs, ReadOnlySpan<System.Drawing.PointF> landmarks);
}
