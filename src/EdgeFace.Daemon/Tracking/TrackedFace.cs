using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Events;
using EdgeFace.Insights;

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
    public bool HasPose;
    public HeadPose Pose;
    /// <summary>Signals over the track's life; a field so the tracker updates it in place.</summary>
    public FaceInsights Insights;
}
