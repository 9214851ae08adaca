using EdgeFace.Core.Faces;

namespace EdgeFace.Tracking;

/// <summary>
/// A rough head pose from the five detector keypoints, cheap enough for every event: roll is the angle of the eye line;
/// yaw comes from where the nose sits between the eyes, pitch from where it sits between eyes and mouth, both relative
/// to an average frontal face. Good to about ±10° for moderate poses; it is a hint for consumers, not a measurement.
/// </summary>
public static class HeadPoseEstimator
{
    // Nose height between eye line (0) and mouth line (1) on an average frontal face.
    private const float FrontalNoseRatio = 0.55f;

    public static bool TryEstimate(in Keypoints5 k, out HeadPose pose)
    {
        pose = default;
        float ex = k[1].X - k[0].X, ey = k[1].Y - k[0].Y;
        float eyeDistance = MathF.Sqrt(ex * ex + ey * ey);
        if (eyeDistance < 1f) return false;
        float roll = MathF.Atan2(ey, ex);
        float c = MathF.Cos(-roll), s = MathF.Sin(-roll);
        // Express nose and mouth in the face frame: origin at the eye midpoint, x along the eye line.
        float mx = (k[0].X + k[1].X) / 2, my = (k[0].Y + k[1].Y) / 2;
        (float nx, float ny) = Rotate(k[2].X - mx, k[2].Y - my, c, s);
        (float _, float mouthY) = Rotate((k[3].X + k[4].X) / 2 - mx, (k[3].Y + k[4].Y) / 2 - my, c, s);
        if (mouthY <= 1f) return false;
        float yaw = MathF.Asin(Math.Clamp(nx / (eyeDistance * 0.5f), -1f, 1f));
        float pitch = MathF.Asin(Math.Clamp((ny / mouthY - FrontalNoseRatio) / FrontalNoseRatio, -1f, 1f));
        const float deg = 180f / MathF.PI;
        pose = new HeadPose(yaw * deg, pitch * deg, roll * deg);
        return true;
    }

    private static (float, float) Rotate(float x, float y, float c, float s) => (x * c - y * s, x * s + y * c);
}
