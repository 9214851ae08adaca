namespace EdgeFace.Core.Faces;

/// <summary>Approximate head pose in degrees (yaw right-positive, pitch down-positive, roll clockwise-positive).</summary>
public readonly record struct HeadPose(float Yaw, float Pitch, float Roll);
