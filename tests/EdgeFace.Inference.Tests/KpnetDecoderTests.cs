using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Tests;

public class KpnetDecoderTests
{
    private const int W = 32, H = 24, Stride = 4, Bins = 5; // 8x6 maps... (W/Stride x H/Stride)
    private const int MapW = W / Stride, MapH = H / Stride, Plane = MapW * MapH;

    internal static KpnetParameters Parameters(float nmsIou = 0.4f, int maxFaces = 10, float threshold = 0.5f) => new()
    {
        Stride = Stride,
        ScaleBins = new ScaleBins { Count = Bins, MinSize = 4, MaxSize = 64 },
        WindowFactor = 0.25f,
        Temperature = 1,
        ScoreThreshold = threshold,
        NmsIou = nmsIou,
        Box = new BoxPrior { Cx = 0, Cy = 0.1f, W = 1, H = 1.2f },
        MaxFaces = maxFaces,
    };

    private static (float[] Scale, float[] Kpt) EmptyMaps()
    {
        var kpt = new float[5 * Plane];
        Array.Fill(kpt, -50f);
        return (new float[Bins * Plane], kpt);
    }

    /// <summary>A Gaussian bump over the map centred on a cell, in one scale bin.</summary>
    private static void Bump(float[] scale, int bin, int cx, int cy, float peak)
    {
        for (int y = 0; y < MapH; y++)
        for (int x = 0; x < MapW; x++)
        {
            float v = peak * MathF.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 2f);
            ref float cell = ref scale[bin * Plane + y * MapW + x];
            cell = MathF.Max(cell, v);
        }
    }

    [Fact]
    public void Gaussian_peak_decodes_to_its_cell_bin_size_and_box()
    {
        var (scale, kpt) = EmptyMaps();
        Bump(scale, bin: 2, cx: 5, cy: 3, peak: 0.9f);
        // The neighbouring bins carry equal weight, so the sub-bin estimate is exactly bin 2.
        scale[1 * Plane + 3 * MapW + 5] = 0.3f;
        scale[3 * Plane + 3 * MapW + 5] = 0.3f;
        for (int k = 0; k < 5; k++) kpt[k * Plane + 3 * MapW + 5] = 40f; // every keypoint sharply on the peak cell

        var decoder = new KpnetDecoder(Parameters(), W, H);
        var faces = new FaceDetection[4];
        int n = decoder.Decode(scale, kpt, faces);

        Assert.Equal(1, n);
        var f = faces[0];
        Assert.Equal(0.9f, f.Score, 5);
        float size = 4 * MathF.Pow(16, 2f / 4); // min * (max/min)^(2/(S-1)) = 16
        Assert.Equal(16f, size, 4);
        Assert.Equal(size, f.Size, 3);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal((5 + 0.5f) * Stride, f.Keypoints[k].X, 3);
            Assert.Equal((3 + 0.5f) * Stride, f.Keypoints[k].Y, 3);
        }
        // Box centre = keypoint mean + (cx, cy) * size, box = (w, h) * size.
        Assert.Equal(22f, f.Box.X + f.Box.Width / 2, 3);
        Assert.Equal(14f + 0.1f * 16, f.Box.Y + f.Box.Height / 2, 3);
        Assert.Equal(16f, f.Box.Width, 3);
        Assert.Equal(1.2f * 16, f.Box.Height, 3);
    }

    [Fact]
    public void Sub_bin_scale_is_the_weighted_mean_of_the_best_bin_and_its_neighbours()
    {
        var (scale, kpt) = EmptyMaps();
        int cell = 2 * MapW + 2;
        scale[0 * Plane + cell] = 0.2f;
        scale[1 * Plane + cell] = 0.8f;
        scale[2 * Plane + cell] = 0.6f;
        scale[3 * Plane + cell] = 0.7f; // outside the window around bin 1: ignored
        var decoder = new KpnetDecoder(Parameters(), W, H);
        var faces = new FaceDetection[1];
        Assert.Equal(1, decoder.Decode(scale, kpt, faces));
        float s = (0.2f * 0 + 0.8f * 1 + 0.6f * 2) / (0.2f + 0.8f + 0.6f);
        Assert.Equal(4 * MathF.Pow(16, s / 4), faces[0].Size, 3);
        Assert.Equal(0.8f, faces[0].Score);
    }

    [Fact]
    public void Plateau_gives_one_peak_at_its_first_cell_in_raster_order()
    {
        var (scale, kpt) = EmptyMaps();
        foreach (var (x, y) in new[] { (3, 2), (4, 2), (3, 3), (4, 3) }) scale[y * MapW + x] = 0.7f;
        var decoder = new KpnetDecoder(Parameters(nmsIou: 1f), W, H);
        var faces = new FaceDetection[8];
        Assert.Equal(1, decoder.Decode(scale, kpt, faces));
        // Keypoint logits are flat, so each keypoint is the mean of the window's cell centres around (3, 2).
        // Size = min_size 4 -> r = max(1, round(0.25 * 4 / 4)) = 1 -> window x 2..4, y 1..3.
        Assert.Equal(3.5f * Stride, faces[0].Keypoints[0].X, 3);
        Assert.Equal(2.5f * Stride, faces[0].Keypoints[0].Y, 3);
    }

    [Fact]
    public void Soft_argmax_of_two_equal_logits_lands_between_them()
    {
        var (scale, kpt) = EmptyMaps();
        scale[3 * MapW + 4] = 0.95f;
        kpt[2 * Plane + 3 * MapW + 4] = 30f; // nose: two equal peaks, cells (4,3) and (5,3)
        kpt[2 * Plane + 3 * MapW + 5] = 30f;
        var decoder = new KpnetDecoder(Parameters(), W, H);
        var faces = new FaceDetection[1];
        Assert.Equal(1, decoder.Decode(scale, kpt, faces));
        Assert.Equal(5f * Stride, faces[0].Keypoints[2].X, 3);
        Assert.Equal(3.5f * Stride, faces[0].Keypoints[2].Y, 3);
    }

    [Fact]
    public void Below_threshold_nothing_is_found()
    {
        var (scale, kpt) = EmptyMaps();
        Bump(scale, 1, 4, 3, 0.49f);
        Assert.Equal(0, new KpnetDecoder(Parameters(threshold: 0.5f), W, H).Decode(scale, kpt, new FaceDetection[4]));
    }

    [Fact]
    public void Overlapping_peaks_are_suppressed_and_separate_ones_kept_best_first()
    {
        var (scale, kpt) = EmptyMaps();
        // Big faces (bin 4 = 64 px) two cells apart overlap heavily; a small face far away does not.
        scale[4 * Plane + 1 * MapW + 1] = 0.8f;
        scale[4 * Plane + 1 * MapW + 3] = 0.9f;
        scale[0 * Plane + 4 * MapW + 7] = 0.6f;
        for (int c = 0; c < Plane; c++) kpt[c] = 0; // flat keypoints: centred on each peak's window
        var faces = new FaceDetection[8];
        int n = new KpnetDecoder(Parameters(nmsIou: 0.4f), W, H).Decode(scale, kpt, faces);
        Assert.Equal(2, n);
        Assert.Equal(0.9f, faces[0].Score);
        Assert.Equal(0.6f, faces[1].Score);

        Assert.Equal(1, new KpnetDecoder(Parameters(nmsIou: 0.4f, maxFaces: 1), W, H).Decode(scale, kpt, faces));
        Assert.Equal(3, new KpnetDecoder(Parameters(nmsIou: 1f), W, H).Decode(scale, kpt, faces));
    }
}
