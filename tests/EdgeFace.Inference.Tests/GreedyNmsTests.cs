using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;

namespace EdgeFace.Inference.Tests;

public class GreedyNmsTests
{
    private static FaceDetection Face(float x, float y, float size, float score) => new(new RectangleF(x, y, size, size), score);

    [Fact]
    public void IoU_of_known_boxes()
    {
        Assert.Equal(1f, GreedyNms.IoU(new RectangleF(0, 0, 10, 10), new RectangleF(0, 0, 10, 10)));
        Assert.Equal(50f / 150f, GreedyNms.IoU(new RectangleF(0, 0, 10, 10), new RectangleF(5, 0, 10, 10)), 6);
        Assert.Equal(0f, GreedyNms.IoU(new RectangleF(0, 0, 10, 10), new RectangleF(10, 0, 10, 10)));
    }

    [Fact]
    public void Sort_is_best_first_and_stable()
    {
        FaceDetection[] faces = [Face(0, 0, 1, 0.5f), Face(1, 0, 1, 0.9f), Face(2, 0, 1, 0.5f), Face(3, 0, 1, 0.7f)];
        GreedyNms.SortByScore(faces);
        Assert.Equal([1f, 3f, 0f, 2f], faces.Select(f => f.Box.X));
    }

    [Fact]
    public void Suppresses_by_iou_against_kept_faces_only()
    {
        // b overlaps a (suppressed); c overlaps b but not a, so c survives because b was not kept.
        FaceDetection[] faces = [Face(0, 0, 10, 0.9f), Face(3, 0, 10, 0.8f), Face(8, 0, 10, 0.7f)];
        int kept = GreedyNms.Suppress(faces, 0.3f, 10);
        Assert.Equal(2, kept);
        Assert.Equal([0f, 8f], faces.Take(kept).Select(f => f.Box.X));
    }
}
