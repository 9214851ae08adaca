using System.Drawing;

namespace EdgeFace.Insights;

/// <summary>
/// Mouth openness from iBUG-68 points: the mean gap between the inner lips (61–67, 62–66, 63–65) over the width between
/// the outer mouth corners (48–54). 0 with the lips together, about 0.2–0.4 while talking, 0.5 and more wide open.
/// </summary>
public static class MouthOpenness
{
    public static bool TryCompute(ReadOnlySpan<PointF> points, out float openness)
    {
        openness = 0;
        if (points.Length < 68) return false;
        float width = EyeAspectRatio.Distance(points[48], points[54]);
        if (width < 1f) return false;
        float gaps = EyeAspectRatio.Distance(points[61], points[67]) + EyeAspectRatio.Distance(points[62], points[66])
            + EyeAspectRatio.Distance(points[63], points[65]);
        openness = gaps / (3f * width);
        return true;
    }
}
