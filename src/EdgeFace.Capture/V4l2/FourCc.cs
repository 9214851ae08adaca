using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.V4l2;

/// <summary>V4L2 pixel format codes (four ASCII characters, little-endian) and their pipeline equivalents.</summary>
public static class FourCc
{
    public const uint Yuyv = 'Y' | 'U' << 8 | 'Y' << 16 | 'V' << 24;
    public const uint Mjpeg = 'M' | 'J' << 8 | 'P' << 16 | 'G' << 24;
    public const uint Jpeg = 'J' | 'P' << 8 | 'E' << 16 | 'G' << 24;
    public const uint Nv12 = 'N' | 'V' << 8 | '1' << 16 | '2' << 24;
    public const uint Yu12 = 'Y' | 'U' << 8 | '1' << 16 | '2' << 24;
    public const uint Grey = 'G' | 'R' << 8 | 'E' << 16 | 'Y' << 24;
    public const uint Rgb24 = 'R' | 'G' << 8 | 'B' << 16 | '3' << 24;
    public const uint Bgr24 = 'B' | 'G' << 8 | 'R' << 16 | '3' << 24;

    public static string ToString(uint code) => string.Create(4, code, static (span, c) =>
    {
        for (int i = 0; i < 4; i++)
        {
            char ch = (char)((c >> (8 * i)) & 0xFF);
            span[i] = ch is >= ' ' and <= '~' ? ch : '?';
        }
    });

    /// <summary>The pipeline format for a V4L2 code, or null when the pipeline cannot consume it.</summary>
    public static PixelFormat? ToPixelFormat(uint code) => code switch
    {
        Yuyv => PixelFormat.Yuyv,
        Mjpeg or Jpeg => PixelFormat.Jpeg,
        Nv12 => PixelFormat.Nv12,
        Yu12 => PixelFormat.I420,
        Grey => PixelFormat.Gray8,
        Rgb24 => PixelFormat.Rgb24,
        Bgr24 => PixelFormat.Bgr24,
        _ => null,
    };

    /// <summary>The user-facing name for a V4L2 code (as accepted in a v4l2: URI's format=).</summary>
    public static string FriendlyName(uint code) => code switch
    {
        Yuyv => "yuyv",
        Mjpeg => "mjpeg",
        Jpeg => "jpeg",
        Nv12 => "nv12",
        Yu12 => "yu12",
        Grey => "grey",
        Rgb24 => "rgb24",
        Bgr24 => "bgr24",
        _ => ToString(code),
    };
}
