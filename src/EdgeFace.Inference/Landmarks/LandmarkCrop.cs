using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Imaging;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Landmarks;

/// <summary>
/// The square face crop a landmark model sees (docs/model-format.md, "Crop kinds"): centre, side and rotation in
/// frame pixels, plus the mapping of the model's normalised output points back to the frame.
/// </summary>
public readonly record struct LandmarkCrop(PointF Centre, float Side, float Angle)
{
    /// <summary>Builds the crop for <paramref name="face"/> as <paramref name="crop"/> prescribes.</summary>
    public static LandmarkCrop For(in FaceDetection face, CropParameters crop) => crop.Kind switch
    {
        "keypoints5" => FromKeypoints(face, crop),
        "box_square" => FromBox(face.Box, crop),
        _ => throw new ArgumentException($"unknown crop kind '{crop.Kind}'", nameof(crop)),
    };

    /// <summary>The source-sampling map for an N×N crop.</summary>
    public AffineMap ToAffine(int outputSize) => AffineMap.Similarity(Centre, Side, Angle, outputSize);

    /// <summary>Crop-normalised point (0..1) → frame pixels: centre + R(θ)·((xn − 0.5)·side, (yn − 0.5)·side).</summary>
    public PointF ToFrame(float xn, float yn)
    {
        float dx = (xn - 0.5f) * Side, dy = (yn - 0.5f) * Side;
        float c = MathF.Cos(Angle), s = MathF.Sin(Angle);
        return new PointF(Centre.X + c * dx - s * dy, Centre.Y + s * dx + c * dy);
    }

    private static LandmarkCrop FromBox(in RectangleF box, CropParameters crop)
    {
        float side = crop.Scale * MathF.Max(box.Width, box.Height);
        var centre = new PointF(box.X + box.Width / 2, box.Y + box.Height / 2 + crop.Shift * side);
        return new LandmarkCrop(centre, side, 0);
    }

    private static LandmarkCrop FromKeypoints(in FaceDetection face, CropParameters crop)
    {
        var k = face.Keypoints;
        PointF e = Mid(k[0], k[1]), m = Mid(k[3], k[4]);
        float theta = crop.Rotate ? MathF.Atan2(k[1].Y - k[0].Y, k[1].X - k[0].X) : 0;
        float size = MathF.Max(Distance(k[0], k[1]), Distance(e, m));
        // A detection without keypoints (all zero) has no size here: fall back to its box.
        if (!(size > 0)) return FromBox(face.Box, crop);
        var mid = Mid(e, m);
        var centre = new PointF(mid.X - crop.Shift * size * MathF.Sin(theta), mid.Y + crop.Shift * size * MathF.Cos(theta));
        return new LandmarkCrop(centre, crop.Scale * size, theta);
    }

    private static PointF Mid(PointF a, PointF b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);

    private static float Distance(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
