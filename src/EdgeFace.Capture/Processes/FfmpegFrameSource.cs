using System.Diagnostics;
using System.Globalization;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// Video files and network streams decoded by an ffmpeg subprocess into raw I420 or RGB24 frames on its stdout.
/// A file ends with <see cref="CaptureErrorKind.EndOfStream"/> (unless looping); a stream that ends is
/// <see cref="CaptureErrorKind.Lost"/> so the supervisor reconnects.
/// </summary>
public sealed class FfmpegFrameSource : SubprocessFrameSource
{
    private readonly FfmpegRequest _request;

    public FfmpegFrameSource(FfmpegRequest request)
    {
        if (request.Format is not (PixelFormat.I420 or PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8))
            throw new CaptureException(CaptureErrorKind.Configuration, $"ffmpeg output format {request.Format} is not supported; use i420 or rgb24");
        if (request.Width.HasValue != request.Height.HasValue)
            throw new CaptureException(CaptureErrorKind.Configuration, "give both width and height (or neither)");
        _request = request;
        Description = $"{(request.IsStream ? "stream" : "file")}:{Redact(request.Input)}";
    }

    public RawFrameLayout? Layout { get; private set; }

    public override void Open()
    {
        EnsureNotOpen();
        if (!_request.IsStream && !File.Exists(_request.Input))
            throw new CaptureException(CaptureErrorKind.Configuration, $"video file '{_request.Input}' does not exist");
        var (width, height) = _request.Width is int w ? (w, _request.Height!.Value) : Probe();
        // ffprobe reports what the file or the stream's server claims; frame buffers are sized from it.
        if (ImageLimits.Exceeds(width, height) is { } tooLarge)
            throw new CaptureException(_request.IsStream ? CaptureErrorKind.Lost : CaptureErrorKind.Configuration, $"{Redact(_request.Input)}: {tooLarge}");
        var layout = RawFrameLayout.Packed(_request.Format, width, height);
        var process = new RawVideoProcess(_request.Program, BuildArguments(layout), layout,
            endIsNormal: !_request.IsStream, dropOldest: _request.IsStream);
        Start(process);
        Layout = layout;
        Description = $"{(_request.IsStream ? "stream" : "file")}:{Redact(_request.Input)} ({layout})";
    }

    public IReadOnlyList<string> BuildArguments(RawFrameLayout layout)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
        if (_request.IsStream)
        {
            if (_request.RtspTransport is { } t) { args.Add("-rtsp_transport"); args.Add(t); }
        }
        else
        {
            if (_request.Realtime) args.Add("-re");
            if (_request.Loop) { args.Add("-stream_loop"); args.Add("-1"); }
        }
        args.Add("-i"); args.Add(_request.Input);
        args.Add("-an"); args.Add("-sn");
        var filters = new List<string>();
        if (_request.Width is not null) filters.Add($"scale={layout.Width}:{layout.Height}");
        if (_request.FramesPerSecond is double fps) filters.Add("fps=" + fps.ToString("0.###", inv));
        if (filters.Count > 0) { args.Add("-vf"); args.Add(string.Join(',', filters)); }
        args.Add("-f"); args.Add("rawvideo");
        args.Add("-pix_fmt"); args.Add(layout.Format switch
        {
            PixelFormat.I420 => "yuv420p", PixelFormat.Rgb24 => "rgb24", PixelFormat.Bgr24 => "bgr24", _ => "gray",
        });
        args.Add("pipe:1");
        return args;
    }

    private (int, int) Probe()
    {
        var psi = new ProcessStartInfo(_request.ProbeProgram)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0" })
            psi.ArgumentList.Add(a);
        // probe the stream the way it will be read (UDP-blocked networks need TCP for both)
        if (_request.RtspTransport is { } transport) { psi.ArgumentList.Add("-rtsp_transport"); psi.ArgumentList.Add(transport); }
        psi.ArgumentList.Add(_request.Input);
        using var p = new Process { StartInfo = psi };
        try { p.Start(); }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CaptureException(CaptureErrorKind.Configuration, $"cannot start '{_request.ProbeProgram}': {ex.Message} (install ffmpeg)", ex);
        }
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(15000))
        {
            p.Kill(true);
            throw new CaptureException(CaptureErrorKind.Lost, $"ffprobe did not answer within 15 s for {Redact(_request.Input)}");
        }
        var parts = output.Result.Trim().Split('\n')[0].Split(',');
        if (p.ExitCode != 0 || parts.Length < 2 || !int.TryParse(parts[0], out int w) || !int.TryParse(parts[1], out int h))
        {
            var kind = _request.IsStream ? CaptureErrorKind.Lost : CaptureErrorKind.Configuration;
            // ffprobe's messages quote the URL, credentials included
            string why = UrlCredentials.Scrub(error.Result.Trim());
            throw new CaptureException(kind, $"ffprobe found no video in {Redact(_request.Input)}: {why}");
        }
        return (w, h);
    }

    /// <summary>Hides a password in rtsp://user:pass@host URLs before they reach logs.</summary>
    public static string Redact(string input)
    {
        if (!Uri.TryCreate(input, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo) || !uri.UserInfo.Contains(':'))
            return input;
        return input.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':')] + ":***");
    }
}
