using EdgeFace.Core.Events;

namespace EdgeFace.Integrations;

/// <summary>
/// Copies an event for a sink that keeps it past <see cref="Pipeline.IEventSink.Write"/> (MQTT serialises on its own task).
/// Both events come from the daemon's one pool; this is the only copy an event gets.
/// </summary>
public static class FaceEventCopy
{
    public static void CopyTo(FaceEvent source, FaceEvent target)
    {
        target.Type = source.Type;
        target.Id = source.Id;
        target.TimestampMs = source.TimestampMs;
        target.Box = source.Box;
        target.Score = source.Score;
        target.Keypoints = source.Keypoints;
        source.Landmarks.AsSpan(0, source.LandmarkCount).CopyTo(target.Landmarks);
        target.LandmarkCount = source.LandmarkCount;
        target.HasPose = source.HasPose;
        target.Yaw = source.Yaw; target.Pitch = source.Pitch; target.Roll = source.Roll;
        target.Camera = source.Camera;
        target.Signals = source.Signals;
    }
}
