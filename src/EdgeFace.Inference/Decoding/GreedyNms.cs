using System.Drawing;
using EdgeFace.Core.Faces;

namespace EdgeFace.Inference.Decoding;

/// <summary>Best-first ordering and greedy non-maximum suppression over candidate faces, in place.</summary>
public static class GreedyNms
{
    /// <summary>
    /// Sorts by score, best first. Stable (insertion sort), so equal scores keep raster order and decoding is
    /// deterministic; candidate lists are short (peaks above threshold), so this is cheaper than it looks.
    /// </summary>
    public static void SortByScore(Span<FaceDetection> faces)
    {
        for (int i = 1; i < faces.Length; i++)
        {
            var item = faces[i];
            int j = i - 1;
            while (j >= 0 && faces[j].Score < item.Score) { faces[j + 1] = faces[j]; j--; }
            faces[j + 1] = item;
        }
    }

    /// <summary>
    /// Keeps a face unless it overlaps an already kept, better face with IoU &gt; <paramref name="iouThreshold"/>;
    /// stops after <paramref name="maxKeep"/>. <paramref name="faces"/> must be sorted; kept faces move to the front.
    /// </summary>
    public static int Suppress(Span<FaceDetection> faces, float iouThreshold, int maxKeep)
    {
        int kept = 0;
        for (int i = 0; i < faces.Length && kept < maxKeep; i++)
        {
            bool suppressed = false;
            for (int k = 0; k < kept && !suppressed; k++) suppressed = IoU(faces[k].Box, faces[i].Box) > iouThreshold;
            if (!suppressed) faces[kept++] = faces[i];
        }
        return kept;
    }

    public static float IoU(in RectangleF a, in RectangleF b)
    {
        float iw = MathF.Min(a.Right, b.Right) - MathF.Max(a.Left, b.Left);
        float ih = MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Top, b.Top);
        if (iw <= 0 || ih <= 0) return 0;
        float inter = iw * ih;
        float union = a.Width * a.Height + b.Width * b.Height - inter;
        return union > 0 ? inter / union : 0;
    }
}
