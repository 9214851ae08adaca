namespace EdgeFace.Core.Frames;

/// <summary>Pixel layouts that flow through the pipeline. Names follow V4L2 where one exists.</summary>
public enum PixelFormat
{
    /// <summary>8-bit luma only, one byte per pixel.</summary>
    Gray8,
    /// <summary>Packed R,G,B bytes.</summary>
    Rgb24,
    /// <summary>Packed B,G,R bytes (OpenCV order).</summary>
    Bgr24,
    /// <summary>Packed 4:2:2, Y0 U Y1 V per two pixels (V4L2 YUYV).</summary>
    Yuyv,
    /// <summary>Planar Y followed by interleaved UV at half resolution (V4L2 NV12).</summary>
    Nv12,
    /// <summary>Planar Y, U, V with U and V at half resolution (V4L2 YU12, rpicam-vid yuv420).</summary>
    I420,
    /// <summary>A compressed JPEG/MJPEG image; <see cref="Frame.Length"/> is the byte count.</summary>
    Jpeg,
}

public static class PixelFormatInfo
{
    /// <summary>Bytes per row of the first plane when rows are tightly packed.</summary>
    public static int MinimumStride(PixelFormat format, int width) => format switch
    {
        PixelFormat.Gray8 or PixelFormat.Nv12 or PixelFormat.I420 => width,
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => width * 3,
        PixelFormat.Yuyv => width * 2,
        PixelFormat.Jpeg => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Total bytes of a frame with the given first-plane stride (chroma planes follow the luma plane).</summary>
    public static int FrameSize(PixelFormat format, int height, int stride) => format switch
    {
        PixelFormat.Gray8 or PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Yuyv => stride * height,
        // NV12: UV plane has the same stride as Y and half the rows.
        PixelFormat.Nv12 => stride * height + stride * ((height + 1) / 2),
        // I420: U and V planes each have half the stride and half the rows.
        PixelFormat.I420 => stride * height + 2 * ((stride + 1) / 2) * ((height + 1) / 2),
        PixelFormat.Jpeg => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool TryParse(string text, out PixelFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "gray" or "gray8" or "grey": format = PixelFormat.Gray8; return true;
            case "rgb" or "rgb24": format = PixelFormat.Rgb24; return true;
            case "bgr" or "bgr24": format = PixelFormat.Bgr24; return true;
            case "yuyv" or "yuy2": format = PixelFormat.Yuyv; return true;
            case "nv12": format = PixelFormat.Nv12; return true;
            case "i420" or "yu12" or "yuv420": format = PixelFormat.I420; return true;
            case "jpeg" or "jpg" or "mjpeg" or "mjpg": format = PixelFormat.Jpeg; return true;
            default: format = default; return false;
        }
    }
}
