using EdgeFace.Core.Events;

namespace EdgeFace.Integrations;

/// <summary>Copies an event between pools (the dispatcher's and the MQTT service's own, which it recycles after sending).</summary>
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
    }
}
