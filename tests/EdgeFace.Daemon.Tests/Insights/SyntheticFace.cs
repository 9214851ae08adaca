using System.Drawing;
using EdgeFace.Core.Faces;

namespace EdgeFace.Daemon.Tests.Insights;

/// <summary>
/// iBUG-68 landmarks of known geometry: eyes whose lid gap over width is exactly the asked eye aspect ratio, a mouth
/// whose inner-lip gap over corner-to-corner width is exactly the asked openness, and five keypoints that put the
/// head pose estimator at a chosen yaw. Scaled by <c>size</c> and offset to (x, y).
/// </summary>
public static class SyntheticFace
{
    public static PointF[] Landmarks(float leftEar = 0.3f, float rightEar = 0.3f, float mouth = 0f, float size = 100, float x = 0, float y = 0)
    {
        var p = new PointF[68];
        // Jaw, brows and nose only need to be somewhere plausible: no signal reads them.
        for (int i = 0; i <= 16; i++) p[i] = new PointF(0.1f + 0.05f * i, 0.45f + 0.4f * MathF.Sin(MathF.PI * i / 16));
        for (int i = 17; i <= 26; i++) p[i] = new PointF(0.2f + 0.06f * (i - 17), 0.3f);
        for (int i = 27; i <= 35; i++) p[i] = new PointF(0.5f + 0.01f * (i - 31), 0.4f + 0.02f * (i - 27));
        Eye(p, 36, 0.35f, 0.4f, 0.12f, leftEar);
        Eye(p, 42, 0.65f, 0.4f, 0.12f, rightEar);
        Mouth(p, 0.5f, 0.75f, 0.3f, mouth);
        for (int i = 0; i < p.Length; i++) p[i] = new PointF(x + p[i].X * size, y + p[i].Y * size);
        return p;
    }

    /// <summary>Six eye points in iBUG order: corner, two upper lid, corner, two lower lid (running back).</summary>
    private static void Eye(PointF[] p, int start, float cx, float cy, float width, float ear)
    {
        float half = width / 2, gap = ear * width;
        p[start] = new PointF(cx - half, cy);
        p[start + 1] = new PointF(cx - width / 6, cy - gap / 2);
        p[start + 2] = new PointF(cx + width / 6, cy - gap / 2);
        p[start + 3] = new PointF(cx + half, cy);
        p[start + 4] = new PointF(cx + width / 6, cy + gap / 2);
        p[start + 5] = new PointF(cx - width / 6, cy + gap / 2);
    }

    private static void Mouth(PointF[] p, float cx, float cy, float width, float openness)
    {
        float half = width / 2, gap = openness * width;
        p[48] = new PointF(cx - half, cy);
        p[54] = new PointF(cx + half, cy);
        for (int i = 1; i <= 5; i++) p[48 + i] = new PointF(cx - half + width * i / 6, cy - gap / 2 - 0.03f);
        for (int i = 1; i <= 5; i++) p[54 + i] = new PointF(cx + half - width * i / 6, cy + gap / 2 + 0.03f);
        p[60] = new PointF(cx - half * 0.8f, cy);
        p[64] = new PointF(cx + half * 0.8f, cy);
        for (int i = 0; i < 3; i++)
        {
            float ix = cx - width / 4 + width / 4 * i;
            p[61 + i] = new PointF(ix, cy - gap / 2);
            p[67 - i] = new PointF(ix, cy + gap / 2);
        }
    }

    /// <summary>
    /// Five keypoints of a face at <paramref name="yawDeg"/> for <see cref="EdgeFace.Tracking.HeadPoseEstimator"/>: the
    /// nose sits off the eye midpoint by sin(yaw) of half the eye distance, at the frontal height (pitch 0).
    /// </summary>
    public static Keypoints5 Keypoints(float yawDeg = 0, float size = 100, float x = 0, float y = 0)
    {
        var k = new Keypoints5();
        float eyeY = 0.4f, mouthY = 0.75f, half = 0.15f;
        k[0] = new PointF(0.5f - half, eyeY);
        k[1] = new PointF(0.5f + half, eyeY);
        k[2] = new PointF(0.5f + half * MathF.Sin(yawDeg * MathF.PI / 180), eyeY + 0.55f * (mouthY - eyeY));
        k[3] = new PointF(0.4f, mouthY);
        k[4] = new PointF(0.6f, mouthY);
        for (int i = 0; i < Keypoints5.Count; i++) k[i] = new PointF(x + k[i].X * size, y + k[i].Y * size);
        return k;
    }
}
