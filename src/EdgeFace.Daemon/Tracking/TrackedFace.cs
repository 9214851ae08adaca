using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Events;

namespace EdgeFace.Tracking;

/// <summary>The tracker's state for one face across frames.</summary>
internal sealed class TrackedFace
{
    public int Id;
    public FaceDetection Detection;
    public readonly PointF[] Landmarks = new PointF[FaceEvent.MaxLandmarks];
    public int LandmarkCount;
    public long LastSeenMs;
    public long LastEventMs;
    public bool MatchedThisFrame;
}
