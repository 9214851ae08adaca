using System.Drawing;
using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging.Tests;

/// <summary>The landmark crop's fast path against the reference warp: the same bits, inside, across and outside the image.</summary>
public class InterleavedWarpTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var format in new[] { PixelFormat.Rgb24, PixelFormat.Bgr24, PixelFormat.Gray8 })
            foreach (int pad in new[] { 0, 7 })
                foreach (int seed in new[] { 1, 2, 3 })
                    yield return [format, pad, seed];
    }

    private static IEnumerable<AffineMap> Maps(int w, int h, int seed)
    {
        var rng = new Random(seed);
        // inside, straddling every edge, scaled up and down, rotated, mirrored, and wholly outside
        yield return AffineMap.Similarity(new PointF(w / 2f, h / 2f), Math.Min(w, h) * 0.5f, 0.3f, 16);
        yield return AffineMap.Similarity(new PointF(1, 1), 9, -0.8f, 16);
        yield return AffineMap.Similarity(new PointF(w - 1, h - 1), 11, 2.5f, 16);
        yield return AffineMap.Similarity(new PointF(w / 2f, h / 2f), w * 1.7f, 0.0f, 16);
        yield return AffineMap.Identity;
        yield return AffineMap.Identity with { M13 = 0.5f, M23 = 0.5f };
        yield return new AffineMap(-0.7f, 0.1f, w - 2, 0.05f, 0.9f, 1.3f);
        yield return AffineMap.Identity with { M13 = 3 * w };
        for (int i = 0; i < 4; i++)
            yield return AffineMap.Similarity(new PointF((float)rng.NextDouble() * w, (float)rng.NextDouble() * h),
                2 + (float)rng.NextDouble() * w, (float)(rng.NextDouble() * 6.3), 16);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_crops_equal_the_reference_bit_for_bit(PixelFormat format, int pad, int seed)
    {
        const int w = 29, h = 21;
        int stride = PixelFormatInfo.MinimumStride(format, w) + pad;
        var view = new ImageView(TestImages.Random(format, h, stride, seed), format, w, h, stride);
        var spec = new TensorSpec(16, 16, ChannelOrder.Bgr, new Vector3(10, 20, 30), new Vector3(0.5f, 2f, 1f / 255));
        foreach (var map in Maps(w, h, seed))
        {
            var expected = new float[spec.ElementCount];
            var actual = new float[spec.ElementCount];
            ScalarTensorWriter.Warp(view, expected, spec, map);
            InterleavedWarp.Warp(view, actual, spec, map);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                    $"{format} {map}: element {i} is {actual[i]}, reference {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Byte_crops_equal_the_reference(PixelFormat format, int pad, int seed)
    {
        const int w = 23, h = 30;
        int stride = PixelFormatInfo.MinimumStride(format, w) + pad;
        var view = new ImageView(TestImages.Random(format, h, stride, seed + 10), format, w, h, stride);
        var spec = TensorSpec.Raw(16, 16, ChannelOrder.Rgb);
        foreach (var map in Maps(w, h, seed))
        {
            var expected = new byte[spec.ElementCount];
            var actual = new byte[spec.ElementCount];
            ScalarTensorWriter.Warp(view, expected, spec, map);
            InterleavedWarp.Warp(view, actual, spec, map);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Crops_of_yuv_sources_keep_the_reference_path()
    {
        Assert.False(InterleavedWarp.Supports(PixelFormat.Yuyv));
        Assert.False(InterleavedWarp.Supports(PixelFormat.Nv12));
        Assert.False(InterleavedWarp.Supports(PixelFormat.I420));
        Assert.True(InterleavedWarp.Supports(PixelFormat.Rgb24));
    }
}
