namespace EdgeFace.Capture.V4l2;

/// <summary>What the configuration asks of a V4L2 camera; unset members leave the choice to negotiation.</summary>
public sealed record V4l2Request(string DevicePath, int? Width = null, int? Height = null, double? FramesPerSecond = null,
    IReadOnlyList<uint>? FourCcs = null, int BufferCount = 4)
{
    /// <summary>Maps a format= value to the V4L2 codes that satisfy it ("mjpeg" accepts both MJPG and JPEG).</summary>
    public static IReadOnlyList<uint>? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "yuyv" or "yuy2" => [FourCc.Yuyv],
        "mjpeg" or "mjpg" or "jpeg" => [FourCc.Mjpeg, FourCc.Jpeg],
        "nv12" => [FourCc.Nv12],
        "yu12" or "i420" or "yuv420" => [FourCc.Yu12],
        "grey" or "gray" => [FourCc.Grey],
        "rgb24" or "rgb" => [FourCc.Rgb24],
        "bgr24" or "bgr" => [FourCc.Bgr24],
        _ => throw new CaptureException(CaptureErrorKind.Configuration,
            $"unknown V4L2 format '{text}'; use one of: mjpeg, yuyv, nv12, yu12, grey, rgb24, bgr24"),
    };
}

/// <summary>The format, size and rate negotiation settled on.</summary>
public readonly record struct V4l2Choice(uint FourCc, int Width, int Height, double? FramesPerSecond)
{
    public override string ToString() =>
        $"{V4l2.FourCc.FriendlyName(FourCc)} {Width}x{Height}" + (FramesPerSecond is { } f ? $" @{f:0.##} fps" : "");
}
