using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Imaging.Tests;

/// <summary>
/// Checks the resampling convention against OpenCV itself (what training uses): cv2.resize INTER_LINEAR and
/// cv2.warpAffine INTER_LINEAR with a zero border, on float32 images so OpenCV's uint8 fixed point does not blur
/// the comparison.
/// </summary>
public class OpenCvCrossCheckTests
{
    private const string Script = """
        import sys, numpy as np, cv2
        mode, w, h, tw, th = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        raw = np.fromfile(sys.argv[6], dtype=np.uint8)
        if mode in ("yuyv", "nv12", "i420"):
            code = {"yuyv": cv2.COLOR_YUV2RGB_YUY2, "nv12": cv2.COLOR_YUV2RGB_NV12, "i420": cv2.COLOR_YUV2RGB_I420}[mode]
            shaped = raw.reshape(h, w, 2) if mode == "yuyv" else raw.reshape(h * 3 // 2, w)
            np.ascontiguousarray(cv2.cvtColor(shaped, code).transpose(2, 0, 1), dtype=np.float32).tofile(sys.argv[7])
            sys.exit(0)
        img = raw.reshape(h, w, 3).astype(np.float32)
        if mode == "resize":
            out = cv2.resize(img, (tw, th), interpolation=cv2.INTER_LINEAR)
        else:
            m = np.array([float(v) for v in sys.argv[8].split(",")], dtype=np.float64).reshape(2, 3)
            out = cv2.warpAffine(img, m, (tw, th), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        np.ascontiguousarray(out.transpose(2, 0, 1), dtype=np.float32).tofile(sys.argv[7])
        """;

    private static float[] RunOpenCv(string mode, byte[] rgb, int w, int h, int tw, int th, string matrix = "")
    {
        var dir = Directory.CreateTempSubdirectory("edgeface-cv-");
        try
        {
            string script = Path.Combine(dir.FullName, "ref.py"), input = Path.Combine(dir.FullName, "in.raw"), output = Path.Combine(dir.FullName, "out.raw");
            File.WriteAllText(script, Script);
            File.WriteAllBytes(input, rgb);
            var psi = new ProcessStartInfo(SkipReasons.Python,
                [script, mode, $"{w}", $"{h}", $"{tw}", $"{th}", input, output, matrix]) { RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(60_000) && p.ExitCode == 0, "OpenCV reference failed: " + err);
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
        }
        finally { dir.Delete(recursive: true); }
    }

    private static byte[] Scene(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    rgb[3 * (y * w + x) + c] = (byte)Math.Clamp(128 + 100 * Math.Sin(x * (0.11 + 0.05 * c) + y * 0.07) + rng.Next(-20, 21), 0, 255);
        return rgb;
    }

    [RequiresOpenCvFact]
    public void Resize_matches_cv2_resize_inter_linear()
    {
        foreach (var (w, h, tw, th) in new[] { (640, 480, 320, 240), (97, 61, 40, 33), (30, 20, 71, 45), (200, 150, 320, 240) })
        {
            var rgb = Scene(w, h, w);
            var expected = RunOpenCv("resize", rgb, w, h, tw, th);
            var spec = TensorSpec.Raw(tw, th);
            var actual = new float[spec.ElementCount];
            TensorWriter.Resize(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), actual, spec, letterbox: false);
            float diff = TestImages.MaxAbsDiff(expected, actual);
            Assert.True(diff < 0.02f, $"{w}x{h} -> {tw}x{th}: max diff to OpenCV {diff}");
        }
    }

    [RequiresOpenCvFact]
    public void Yuv_conversion_matches_cv2_cvtColor_bt601()
    {
        const int w = 64, h = 32;
        foreach (var format in new[] { PixelFormat.Yuyv, PixelFormat.Nv12, PixelFormat.I420 })
        {
            int stride = PixelFormatInfo.MinimumStride(format, w);
            var data = TestImages.Random(format, h, stride, seed: (int)format);
            // OpenCV floors luma at 16 before converting (super-black reads as black); EdgeFace applies the
            // BT.601 formula as is, like libyuv. Compare on legal luma only.
            if (format == PixelFormat.Yuyv) for (int i = 0; i < data.Length; i += 2) data[i] = Math.Max(data[i], (byte)16);
            else for (int i = 0; i < w * h; i++) data[i] = Math.Max(data[i], (byte)16);
            var expected = RunOpenCv(format.ToString().ToLowerInvariant(), data, w, h, w, h);
            var spec = TensorSpec.Raw(w, h);
            var actual = new float[spec.ElementCount];
            TensorWriter.Resize(new ImageView(data, format, w, h, stride), actual, spec, letterbox: false);
            // OpenCV converts in fixed point and rounds to uint8: within about one level of our float result.
            float diff = TestImages.MaxAbsDiff(expected, actual);
            Assert.True(diff <= 1.5f, $"{format}: max diff to cv2.cvtColor {diff}");
        }
    }

    [RequiresOpenCvFact]
    public void Warp_matches_cv2_warp_affine_with_zero_border()
    {
        const int w = 160, h = 120, n = 48;
        var rgb = Scene(w, h, 3);
        // A crop hanging over the left edge, so the zero border is part of the comparison.
        var map = AffineMap.Similarity(new System.Drawing.PointF(20, 60), 70, 0.4f, n);
        // OpenCV maps destination pixel indices to source pixel indices: shift our centre convention by 0.5.
        double m13 = map.M13 + 0.5 * map.M11 + 0.5 * map.M12 - 0.5, m23 = map.M23 + 0.5 * map.M21 + 0.5 * map.M22 - 0.5;
        string matrix = string.Join(",", new double[] { map.M11, map.M12, m13, map.M21, map.M22, m23 }.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var expected = RunOpenCv("warp", rgb, w, h, n, n, matrix);
        var spec = new TensorSpec(n, n, ChannelOrder.Rgb, Vector3.Zero, Vector3.One);
        var actual = new float[spec.ElementCount];
        TensorWriter.Warp(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), actual, spec, map);
        // warpAffine quantises interpolation weights to 1/32 pixel, so allow a few levels at edges, little on average.
        double mean = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 6, $"element {i}: OpenCV {expected[i]}, ours {actual[i]}");
            mean += Math.Abs(expected[i] - actual[i]);
        }
        Assert.True(mean / actual.Length < 0.5, $"mean diff {mean / actual.Length}");
        Assert.Contains(actual, x => x == 0); // the border really was sampled
    }
}
