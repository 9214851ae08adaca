using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Tests;

/// <summary>Builds raw frames of every format from per-pixel values, written independently of the library.</summary>
internal static class TestImages
{
    public static readonly PixelFormat[] RawFormats =
        [PixelFormat.Gray8, PixelFormat.Rgb24, PixelFormat.Bgr24, PixelFormat.Yuyv, PixelFormat.Nv12, PixelFormat.I420];

    /// <summary>Random bytes in the exact frame layout (including padding).</summary>
    public static byte[] Random(PixelFormat format, int height, int stride, int seed)
    {
        var data = new byte[PixelFormatInfo.FrameSize(format, height, stride)];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>
    /// Packs planar Y (width×height) and chroma U, V at the format's chroma resolution
    /// (YUYV: ceil(w/2)×h, NV12/I420: ceil(w/2)×ceil(h/2)) into a frame. Padding bytes are 0xEE.
    /// </summary>
    public static byte[] PackYuv(PixelFormat format, int width, int height, int stride, byte[] y, byte[] u, byte[] v)
    {
        var data = new byte[PixelFormatInfo.FrameSize(format, height, stride)];
        Array.Fill(data, (byte)0xEE);
        int cw = (width + 1) / 2, chh = (height + 1) / 2;
        for (int row = 0; row < height; row++)
            for (int x = 0; x < width; x++)
            {
                switch (format)
                {
                    case PixelFormat.Yuyv:
                        data[row * stride + 2 * x] = y[row * width + x];
                        if (x % 2 == 0) data[row * stride + 2 * x + 1] = u[row * cw + x / 2];
                        else data[row * stride + 2 * x + 1] = v[row * cw + x / 2];
                        break;
                    case PixelFormat.Nv12 or PixelFormat.I420:
                        data[row * stride + x] = y[row * width + x];
                        break;
                }
            }
        if (format == PixelFormat.Nv12)
        {
            int plane = stride * height;
            for (int row = 0; row < chh; row++)
                for (int k = 0; k < cw; k++)
                {
                    data[plane + row * stride + 2 * k] = u[row * cw + k];
                    if (2 * k + 1 < stride) data[plane + row * stride + 2 * k + 1] = v[row * cw + k];
                }
        }
        else if (format == PixelFormat.I420)
        {
            int cs = (stride + 1) / 2, uPlane = stride * height, vPlane = uPlane + cs * chh;
            for (int row = 0; row < chh; row++)
                for (int k = 0; k < cw; k++)
                {
                    data[uPlane + row * cs + k] = u[row * cw + k];
                    data[vPlane + row * cs + k] = v[row * cw + k];
                }
        }
        return data;
    }

    /// <summary>BT.601 limited range with textbook coefficients, in double, clamped.</summary>
    public static (double R, double G, double B) Bt601(int y, int u, int v)
    {
        double c = y - 16, d = u - 128, e = v - 128;
        static double Clamp(double x) => Math.Clamp(x, 0, 255);
        return (Clamp(1.164383 * c + 1.596027 * e), Clamp(1.164383 * c - 0.391762 * d - 0.812968 * e), Clamp(1.164383 * c + 2.017232 * d));
    }

    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
