using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Color;
using EdgeFace.Imaging.Diagnostics;

namespace EdgeFace.Imaging.Resampling;

/// <summary>
/// The landmark crop's fast path for 8-bit interleaved sources (RGB24, BGR24 — what JPEG decoding produces — and
/// GRAY8). What costs in the reference is the per-sample format switch, bounds tests and scalar int→float
/// conversions. Here output pixels whose four neighbours are all inside the image read the bytes directly, four
/// pixels at a time with the arithmetic in SIMD (the loads stay scalar: a warp is a gather); only border pixels take
/// the reference path. Every lane computes the reference's expression, term for term and in the same order, so the
/// result is bit-identical to <see cref="ScalarTensorWriter.Warp(in ImageView, Span{float}, in TensorSpec, in AffineMap)"/>.
/// </summary>
internal static class InterleavedWarp
{
    public static bool Supports(PixelFormat format) => format is PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8;

    public static void Warp(in ImageView source, Span<float> destination, in TensorSpec spec, in AffineMap map)
    {
        var pixels = new PixelFetcher(source);
        var layout = new Layout(source);
        var norm = new Normalization(spec);
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            float dv = v + 0.5f;
            int u = 0;
            if (Vector128.IsHardwareAccelerated)
                for (; u + 4 <= width; u += 4)
                {
                    if (WarpFour(layout, norm, destination, v * width + u, plane, u, dv, map)) { KernelPathCounters.WarpVector4++; continue; }
                    for (int k = u; k < u + 4; k++) WarpOne(layout, pixels, norm, destination, v * width + k, plane, k, dv, map);
                    KernelPathCounters.WarpScalarPixels += 4;
                }
            KernelPathCounters.WarpScalarPixels += width - u;
            for (; u < width; u++) WarpOne(layout, pixels, norm, destination, v * width + u, plane, u, dv, map);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WarpOne(in Layout layout, in PixelFetcher pixels, in Normalization norm, Span<float> destination, int index, int plane,
        int u, float dv, in AffineMap map)
    {
        float du = u + 0.5f;
        Sample(layout, pixels, map.M11 * du + map.M12 * dv + map.M13 - 0.5f, map.M21 * du + map.M22 * dv + map.M23 - 0.5f,
            out float r, out float g, out float b);
        norm.Store(destination, index, plane, r, g, b);
    }

    /// <summary>
    /// Four neighbouring output pixels at once when all four sample fully inside the image: the coordinates,
    /// weights, blend and normalisation in SIMD (each lane computes exactly the scalar expression, in the same
    /// order), the twelve source bytes per pixel gathered by plain loads. False, writing nothing, otherwise.
    /// </summary>
    private static bool WarpFour(in Layout s, in Normalization norm, Span<float> destination, int index, int plane, int u, float dv, in AffineMap map)
    {
        var du = Vector128.Create(u + 0.5f, u + 1.5f, u + 2.5f, u + 3.5f);
        var half = Vector128.Create(0.5f);
        var fx = Vector128.Create(map.M11) * du + Vector128.Create(map.M12 * dv) + Vector128.Create(map.M13) - half;
        var fy = Vector128.Create(map.M21) * du + Vector128.Create(map.M22 * dv) + Vector128.Create(map.M23) - half;
        // NaN compares false, so a degenerate map falls through to the scalar path
        if (!(Vector128.GreaterThanOrEqualAll(fx, Vector128<float>.Zero) && Vector128.GreaterThanOrEqualAll(fy, Vector128<float>.Zero)
              && Vector128.LessThanAll(fx, Vector128.Create(s.LastX)) && Vector128.LessThanAll(fy, Vector128.Create(s.LastY))))
            return false;
        var x0 = Vector128.ConvertToInt32(fx);
        var y0 = Vector128.ConvertToInt32(fy);
        var wx = fx - Vector128.ConvertToSingle(x0);
        var wy = fy - Vector128.ConvertToSingle(y0);
        var one = Vector128<float>.One;
        var w00 = (one - wx) * (one - wy);
        var w01 = wx * (one - wy);
        var w10 = (one - wx) * wy;
        var w11 = wx * wy;
        var offset = y0 * Vector128.Create(s.Stride) + x0 * Vector128.Create(s.Bpp);
        ref byte p0 = ref Unsafe.Add(ref s.Origin, offset.GetElement(0));
        ref byte p1 = ref Unsafe.Add(ref s.Origin, offset.GetElement(1));
        ref byte p2 = ref Unsafe.Add(ref s.Origin, offset.GetElement(2));
        ref byte p3 = ref Unsafe.Add(ref s.Origin, offset.GetElement(3));
        int right = s.Bpp, below = s.Stride, diagonal = s.Stride + s.Bpp;
        Span<int> channels = [s.RedOffset, s.GreenOffset, s.BlueOffset];
        for (int c = 0; c < 3; c++)
        {
            int o = channels[c];
            var value = w00 * Gather(ref p0, ref p1, ref p2, ref p3, o) + w01 * Gather(ref p0, ref p1, ref p2, ref p3, o + right)
                + w10 * Gather(ref p0, ref p1, ref p2, ref p3, o + below) + w11 * Gather(ref p0, ref p1, ref p2, ref p3, o + diagonal);
            int p = norm.PlaneOf(c);
            ((value - Vector128.Create(norm.Mean(p))) * Vector128.Create(norm.Scale(p))).CopyTo(destination.Slice(p * plane + index, 4));
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Gather(ref byte p0, ref byte p1, ref byte p2, ref byte p3, int offset) =>
        Vector128.ConvertToSingle(Vector128.Create(Unsafe.Add(ref p0, offset), Unsafe.Add(ref p1, offset), Unsafe.Add(ref p2, offset), (int)Unsafe.Add(ref p3, offset)));

    public static void Warp(in ImageView source, Span<byte> destination, in TensorSpec spec, in AffineMap map)
    {
        var pixels = new PixelFetcher(source);
        var layout = new Layout(source);
        bool bgr = spec.Order == ChannelOrder.Bgr;
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            float dv = v + 0.5f;
            for (int u = 0; u < width; u++)
            {
                float du = u + 0.5f;
                Sample(layout, pixels, map.M11 * du + map.M12 * dv + map.M13 - 0.5f, map.M21 * du + map.M22 * dv + map.M23 - 0.5f,
                    out float r, out float g, out float b);
                int i = v * width + u;
                destination[i] = ScalarTensorWriter.ToByte(bgr ? b : r);
                destination[plane + i] = ScalarTensorWriter.ToByte(g);
                destination[2 * plane + i] = ScalarTensorWriter.ToByte(bgr ? r : b);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sample(in Layout s, in PixelFetcher pixels, float fx, float fy, out float r, out float g, out float b)
    {
        // Interior test written so NaN fails it too (and then fails the reference's own test).
        if (!(fx >= 0f && fy >= 0f && fx < s.LastX && fy < s.LastY))
        {
            ScalarTensorWriter.BilinearZero(pixels, fx, fy, out r, out g, out b);
            return;
        }
        int x0 = (int)fx, y0 = (int)fy;   // truncation is floor here: both are non-negative
        float wx = fx - x0, wy = fy - y0;
        float w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
        ref byte p00 = ref Unsafe.Add(ref s.Origin, y0 * s.Stride + x0 * s.Bpp);
        ref byte p10 = ref Unsafe.Add(ref p00, s.Stride);
        int bpp = s.Bpp, ro = s.RedOffset, bo = s.BlueOffset;
        r = w00 * Unsafe.Add(ref p00, ro) + w01 * Unsafe.Add(ref p00, bpp + ro) + w10 * Unsafe.Add(ref p10, ro) + w11 * Unsafe.Add(ref p10, bpp + ro);
        g = w00 * Unsafe.Add(ref p00, s.GreenOffset) + w01 * Unsafe.Add(ref p00, bpp + s.GreenOffset)
            + w10 * Unsafe.Add(ref p10, s.GreenOffset) + w11 * Unsafe.Add(ref p10, bpp + s.GreenOffset);
        b = w00 * Unsafe.Add(ref p00, bo) + w01 * Unsafe.Add(ref p00, bpp + bo) + w10 * Unsafe.Add(ref p10, bo) + w11 * Unsafe.Add(ref p10, bpp + bo);
    }

    /// <summary>Where each channel sits in a pixel, and the last sample position whose 2×2 block is fully inside.</summary>
    private readonly ref struct Layout
    {
        public readonly ref byte Origin;
        public readonly int Stride, Bpp, RedOffset, GreenOffset, BlueOffset;
        public readonly float LastX, LastY;

        public Layout(in ImageView image)
        {
            if (!Supports(image.Format)) throw new NotSupportedException($"{image.Format} is not an interleaved 8-bit format");
            // The fetcher validated nothing about length: the last row the fast path touches must exist.
            int bpp = image.Format == PixelFormat.Gray8 ? 1 : 3;
            if (image.Height > 0 && image.Data.Length < (image.Height - 1) * image.Stride + image.Width * bpp)
                throw new ArgumentException($"image data ({image.Data.Length} B) is shorter than {image.Width}x{image.Height} at stride {image.Stride}");
            Origin = ref MemoryMarshal.GetReference(image.Data);
            Stride = image.Stride;
            Bpp = bpp;
            (RedOffset, GreenOffset, BlueOffset) = image.Format switch
            {
                PixelFormat.Rgb24 => (0, 1, 2),
                PixelFormat.Bgr24 => (2, 1, 0),
                _ => (0, 0, 0),
            };
            LastX = image.Width - 1;
            LastY = image.Height - 1;
        }
    }
}
