using System.Drawing;

namespace EdgeFace.Evaluation;

/// <summary>Ground truth of one image: face boxes and, where the labels have them, 68 landmarks per face.</summary>
public sealed class LabeledImage(string file)
{
    public string File { get; } = file;
    public List<LabeledFace> Faces { get; } = new();
}

public sealed record LabeledFace(RectangleF Box, PointF[]? Landmarks)
{
    /// <summary>The box a 68-point face is judged by: the points' extent (jaw to brows).</summary>
    public static RectangleF BoxOf(ReadOnlySpan<PointF> points)
    {
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        foreach (var p in points) { x0 = Math.Min(x0, p.X); y0 = Math.Min(y0, p.Y); x1 = Math.Max(x1, p.X); y1 = Math.Max(y1, p.Y); }
        return RectangleF.FromLTRB(x0, y0, x1, y1);
    }
}
