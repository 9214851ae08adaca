using System.Drawing;

namespace EdgeFace.Imaging;

/// <summary>
/// Maps a destination pixel centre (u+0.5, v+0.5) to a continuous source point
/// (x, y) = (M11*du + M12*dv + M13, M21*du + M22*dv + M23).
/// </summary>
public readonly record struct AffineMap(float M11, float M12, float M13, float M21, float M22, float M23)
{
    /// <summary>Destination pixels are source pixels (no scaling, rotation or shift).</summary>
    public static AffineMap Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>
    /// The face crop of docs/model-format.md: an <paramref name="outputSize"/>² crop whose pixel (u, v) samples
    /// P(u,v) = centre + R(θ)·(((u+0.5)/N − 0.5)·side, ((v+0.5)/N − 0.5)·side).
    /// </summary>
    public static AffineMap Similarity(PointF centre, float side, float angleRadians, int outputSize)
    {
        if (outputSize <= 0) throw new ArgumentOutOfRangeException(nameof(outputSize), $"crop size {outputSize} is not positive");
        // Work in double: the constant terms subtract nearly equal numbers for large frames.
        double c = Math.Cos(angleRadians), s = Math.Sin(angleRadians);
        double k = (double)side / outputSize, half = side * 0.5;
        return new AffineMap(
            (float)(c * k), (float)(-s * k), (float)(centre.X - c * half + s * half),
            (float)(s * k), (float)(c * k), (float)(centre.Y - s * half - c * half));
    }

    public PointF Apply(float du, float dv) => new(M11 * du + M12 * dv + M13, M21 * du + M22 * dv + M23);
}
