using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// What a file:, rtsp:// or http(s):// URI asks of ffmpeg. Width/height scale the video (both or neither); without
/// them the size is read with ffprobe. <see cref="Realtime"/> paces a file at its own frame rate (ffmpeg -re);
/// otherwise frames come as fast as the consumer takes them.
/// </summary>
public sealed record FfmpegRequest(string Input, bool IsStream, PixelFormat Format = PixelFormat.I420, int? Width = null,
    int? Height = null, double? FramesPerSecond = null, bool Realtime = true, bool Loop = false, string? RtspTransport = null,
    string Program = "ffmpeg", string ProbeProgram = "ffprobe");
