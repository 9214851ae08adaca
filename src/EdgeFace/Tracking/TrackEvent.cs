using System.Drawing;
using EdgeFace.Core.Faces;

namespace EdgeFace.Tracking;

public enum TrackEventType { New, Update, End }

/// <summary>
/// One face-lifecycle event. Instances come from <see cref="TrackEventPool"/> with arrays sized once, so producing an
/// event on the frame path allocates nothing; the consumer returns the event to the pool after publishing it.
/// </summary>
public sealed class TrackEvent
{
    public const int MaxLandmarks = 68;

    public TrackEventType Type { get; set; }
    public int TrackId { get; set; }
    /// <summary>Unix time in milliseconds of the frame the event describes.</summary>
    public long TimestampMs { get; set; }
    public long FrameSequence { get; set; }
    public RectangleF Box { get; set; }
    public float Score { get; set; }
    public Keypoints5 Keypoints;
    public readonly PointF[] Landmarks = new PointF[MaxLandmarks];
    public int LandmarkCount { get; set; }
    public bool HasPose { get; set; }
    public HeadPose Pose { get; set; }
    /// <summary>How long the track has existed, in milliseconds.</summary>
    public long AgeMs { get; set; }
    /// <summary>Best score seen over the track's life.</summary>
    public float TopScore { get; set; }
}

/// <summary>Approximate head pose in degrees (yaw right-positive, pitch down-positive, roll clockwise-positive).</summary>
public readonly record struct HeadPose(float Yaw, float Pitch, float Roll);
