using EdgeFace.Messaging.Events;
using EdgeFace.Tracking;

namespace EdgeFace.Integrations;

/// <summary>Copies a tracker event into the messaging layer's event (the one shape published everywhere).</summary>
public static class FaceEventMapper
{
    public static void CopyTo(TrackEvent source, FaceEvent target, string camera)
    {
        target.Type = source.Type switch { TrackEventType.New => FaceEventType.New, TrackEventType.Update => FaceEventType.Update, _ => FaceEventType.End };
        target.Id = source.TrackId;
        target.TimestampMs = source.TimestampMs;
        target.Box = source.Box;
        target.Score = source.Score;
        target.Keypoints = source.Keypoints;
        source.Landmarks.AsSpan(0, source.LandmarkCount).CopyTo(target.Landmarks);
        target.LandmarkCount = source.LandmarkCount;
        target.HasPose = source.HasPose;
        target.Yaw = source.Pose.Yaw; target.Pitch = source.Pose.Pitch; target.Roll = source.Pose.Roll;
        target.Camera = camera;
    }
}
