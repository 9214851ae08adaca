using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Color;

namespace EdgeFace.Imaging.Resampling;

/// <summary>
/// The reference implementation: every tensor element is computed on its own from four freshly converted source
/// pixels, the most literal reading of docs/model-format.md. Slow, obviously right; the SIMD writer is tested
/// against it.
/// </summary>
internal static class ScalarTensorWriter
{
    public static void Resize(in ImageView source, Span<float> destination, in TensorSpec spec, in LetterboxMap map)
    {
        var pixels = new PixelFetcher(source);
        var norm = new Normalization(spec);
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                float r = 0, g = 0, b = 0;
                if (u < map.ContentWidth && v < map.ContentHeight)
                    Sample(pixels, u, v, map, out r, out g, out b);
                int i = v * width + u;
                norm.Store(destination, i, plane, r, g, b);
            }
        }
    }

    public static void Resize(in ImageView source, Span<byte> destination, in TensorSpec spec, in LetterboxMap map)
    {
        var pixels = new PixelFetcher(source);
        bool bgr = spec.Order == ChannelOrder.Bgr;
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                float r = 0, g = 0, b = 0;
                if (u < map.ContentWidth && v < map.ContentHeight)
                    Sample(pixels, u, v, map, out r, out g, out b);
                int i = v * width + u;
                destination[i] = ToByte(bgr ? b : r);
                destination[plane + i] = ToByte(g);
                destination[2 * plane + i] = ToByte(bgr ? r : b);
            }
        }
    }

    public static void Warp(in ImageView source, Span<float> destination, in TensorSpec spec, in AffineMap map)
    {
        var pixels = new PixelFetcher(source);
        var norm = new Normalization(spec);
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                var p = map.Apply(u + 0.5f, v + 0.5f);
                BilinearZero(pixels, p.X - 0.5f, p.Y - 0.5f, out float r, out float g, out float b);
                norm.Store(destination, v * width + u, plane, r, g, b);
            }
        }
    }

    public static void Warp(in ImageView source, Span<byte> destination, in TensorSpec spec, in AffineMap map)
    {
        var pixels = new PixelFetcher(source);
        bool bgr = spec.Order == ChannelOrder.Bgr;
        int width = spec.Width, height = spec.Height, plane = width * height;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                var p = map.Apply(u + 0.5f, v + 0.5f);
                BilinearZero(pixels, p.X - 0.5f, p.Y - 0.5f, out float r, out float g, out float b);
                int i = v * width + u;
                destination[i] = ToByte(bgr ? b : r);
                destination[plane + i] = ToByte(g);
                destination[2 * plane + i] = ToByte(bgr ? r : b);
            }
        }
    }

    /// <summary>Rounds a 0..255 value the way every uint8 path does: half up after clamping.</summary>
    public static byte ToByte(float value) => (byte)(int)(Bt601.Clamp(value) + 0.5f);

    private static void Sample(in PixelFetcher pixels, int u, int v, in LetterboxMap map, out float r, out float g, out float b)
    {
        LinearTap.Compute(u, pixels.Width, map.ContentWidth, out int x0, out int x1, out float wx);
        LinearTap.Compute(v, pixels.Height, map.ContentHeight, out int y0, out int y1, out float wy);
        pixels.Rgb(x0, y0, out float r00, out float g00, out float b00);
        pixels.Rgb(x1, y0, out float r01, out float g01, out float b01);
        pixels.Rgb(x0, y1, out float r10, out float g10, out float b10);
        pixels.Rgb(x1, y1, out float r11, out float g11, out float b11);
        r = Lerp2(r00, r01, r10, r11, wx, wy);
        g = Lerp2(g00, g01, g10, g11, wx, wy);
        b = Lerp2(b00, b01, b10, b11, wx, wy);
    }

    /// <summary>Bilinear sample at pixel-index coordinates (centre of pixel i is i); neighbours outside read 0.</summary>
    internal static void BilinearZero(in PixelFetcher pixels, float fx, float fy, out float r, out float g, out float b)
    {
        r = g = b = 0;
        // Also rejects NaN: a degenerate map must not index anything.
        if (!(fx > -1f && fy > -1f && fx < pixels.Width && fy < pixels.Height)) return;
        int x0 = (int)MathF.Floor(fx), y0 = (int)MathF.Floor(fy);
        float wx = fx - x0, wy = fy - y0;
        float w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
        Accumulate(pixels, x0, y0, w00, ref r, ref g, ref b);
        Accumulate(pixels, x0 + 1, y0, w01, ref r, ref g, ref b);
        Accumulate(pixels, x0, y0 + 1, w10, ref r, ref g, ref b);
        Accumulate(pixels, x0 + 1, y0 + 1, w11, ref r, ref g, ref b);
    }

    private static void Accumulate(in PixelFetcher pixels, int x, int y, float w, ref float r, ref float g, ref float b)
    {
        if ((uint)x >= (uint)pixels.Width || (uint)y >= (uint)pixels.Height) return;
        pixels.Rgb(x, y, out float pr, out float pg, out float pb);
        r += w * pr; g += w * pg; b += w * pb;
    }

    private static float Lerp2(float p00, float p01, float p10, float p11, float wx, float wy)
    {
        float top = p00 + (p01 - p00) * wx;
        float bottom = p10 + (p11 - p10) * wx;
        return top + (bottom - top) * wy;
    }
}
