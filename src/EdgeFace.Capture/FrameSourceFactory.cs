using EdgeFace.Capture.Folder;
using EdgeFace.Capture.Processes;
using EdgeFace.Capture.V4l2;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture;

/// <summary>
/// Builds a frame source from a URI in the local configuration:
/// <list type="bullet">
/// <item><c>v4l2:/dev/videoN[?width=W&amp;height=H&amp;fps=F&amp;format=mjpeg|yuyv|nv12|yu12|grey|rgb24|bgr24&amp;buffers=N]</c></item>
/// <item><c>rpicam:[?width=W&amp;height=H&amp;fps=F&amp;camera=N&amp;stride=S]</c></item>
/// <item><c>folder:PATH[?fps=F&amp;loop=true]</c></item>
/// <item><c>file:PATH[?format=i420|rgb24&amp;width=W&amp;height=H&amp;fps=F&amp;realtime=false&amp;loop=true]</c></item>
/// <item><c>rtsp://…</c>, <c>http(s)://…</c> (read by ffmpeg; the whole URL is passed on)</item>
/// </list>
/// Subprocess programs (rpicam-vid, ffmpeg) are found on PATH unless <see cref="FrameSourceOptions"/> names them.
/// </summary>
public static class FrameSourceFactory
{
    public static IFrameSource Create(string uri, FrameSourceOptions? options = null)
    {
        options ??= FrameSourceOptions.Default;
        var u = CaptureUri.Parse(uri);
        IFrameSource source = u.Scheme switch
        {
            "v4l2" => CreateV4l2(u),
            "rpicam" => CreateRpicam(u, options),
            "folder" => CreateFolder(u),
            "file" => CreateFile(u, options),
            "rtsp" or "rtsps" or "http" or "https" => new FfmpegFrameSource(new FfmpegRequest(u.Text, IsStream: true,
                RtspTransport: u.Scheme.StartsWith("rtsp", StringComparison.Ordinal) ? options.RtspTransport : null,
                Program: options.FfmpegProgram, ProbeProgram: options.FfprobeProgram)),
            _ => throw u.Bad($"unknown scheme '{u.Scheme}:'; use v4l2:, rpicam:, folder:, file:, rtsp:// or http://"),
        };
        u.EnsureAllUsed();
        return source;
    }

    private static V4l2FrameSource CreateV4l2(CaptureUri u)
    {
        if (!OperatingSystem.IsLinux()) throw u.Bad("V4L2 cameras exist only on Linux");
        if (!u.Path.StartsWith("/dev/", StringComparison.Ordinal))
            throw u.Bad($"'{u.Path}' is not a device path; write e.g. v4l2:/dev/video0");
        return new V4l2FrameSource(new V4l2Request(u.Path, u.GetInt32("width"), u.GetInt32("height"), u.GetDouble("fps"),
            V4l2Request.ParseFormat(u.GetString("format")), u.GetInt32("buffers", 4, 32) ?? 4));
    }

    private static RpicamFrameSource CreateRpicam(CaptureUri u, FrameSourceOptions options) =>
        new(new RpicamRequest(u.GetInt32("width", 16) ?? 640, u.GetInt32("height", 16) ?? 480, u.GetDouble("fps") ?? 30,
            u.GetInt32("camera", 0, 16), options.RpicamProgram, u.GetInt32("stride", 16, 65536)));

    private static FolderFrameSource CreateFolder(CaptureUri u)
    {
        if (u.Path.Length == 0) throw u.Bad("folder path is empty");
        return new FolderFrameSource(new FolderRequest(u.Path, u.GetDouble("fps"), u.GetBoolean("loop") ?? false));
    }

    private static FfmpegFrameSource CreateFile(CaptureUri u, FrameSourceOptions options)
    {
        if (u.Path.Length == 0) throw u.Bad("file path is empty");
        var format = PixelFormat.I420;
        if (u.GetString("format") is { } f)
        {
            if (!PixelFormatInfo.TryParse(f, out format) || format is not (PixelFormat.I420 or PixelFormat.Rgb24))
                throw u.Bad($"format={f} is not supported for files; use i420 or rgb24");
        }
        return new FfmpegFrameSource(new FfmpegRequest(u.Path, IsStream: false, format, u.GetInt32("width"), u.GetInt32("height"),
            u.GetDouble("fps"), u.GetBoolean("realtime") ?? true, u.GetBoolean("loop") ?? false,
            Program: options.FfmpegProgram, ProbeProgram: options.FfprobeProgram));
    }
}

/// <summary>Local settings for subprocess-backed sources.</summary>
public sealed record FrameSourceOptions(string RpicamProgram = "rpicam-vid", string FfmpegProgram = "ffmpeg",
    string FfprobeProgram = "ffprobe", string? RtspTransport = "tcp")
{
    public static FrameSourceOptions Default { get; } = new();
}
