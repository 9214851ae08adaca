using System.Drawing;

namespace EdgeFace.Insights;

/// <summary>
/// Eye aspect ratio from the six iBUG-68 points of one eye (corner, two upper lid points, corner, two lower lid
/// points): the mean lid gap over the eye's width. About 0.3 for an open eye, near 0 for a shut one; it does not
/// depend on the face's size, but does on the person and on yaw, which is why detectors compare it per face.
/// </summary>
public static class EyeAspectRatio
{
    /// <summary>First point of the eye on the image's left (the subject's right eye) and on the image's right.</summary>
    public const int LeftEyeStart = 36, RightEyeStart = 42;

    /// <summary>False when the eye's width is under a pixel (degenerate landmarks).</summary>
    public static bool TryCompute(ReadOnlySpan<PointF> points, int start, out float ratio)
    {
        ratio = 0;
        if (points.Length < start + 6) return false;
        float width = Distance(points[start], points[start + 3]);
        if (width < 1f) return false;
        float gaps = Distance(points[start + 1], points[start + 5]) + Distance(points[start + 2], points[start + 4]);
        ratio = gaps / (2f * width);
        return true;
    }

    internal static float Distance(PointF a, PointF b)
    {
        float dx = a.X - b.X, dy = a.Y - b.Y;
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}
