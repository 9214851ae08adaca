using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>What a rpicam: URI asks for.</summary>
public sealed record RpicamRequest(int Width = 640, int Height = 480, double FramesPerSecond = 30, int? Camera = null,
    string Program = "rpicam-vid", int? Stride = null);

/// <summary>
/// A Raspberry Pi camera through <c>rpicam-vid --codec yuv420 -o -</c> (libcamera does the ISP work; we read I420).
/// rpicam-vid writes the ISP's buffers as they are: each luma row is padded to a multiple of 64 bytes (the Pi ISP
/// keeps every plane 32-byte aligned that way), chroma rows to half of that, with no padding between planes or rows
/// beyond it. So a 780-pixel-wide frame arrives as 832-byte luma rows; widths that are multiples of 64 have no
/// padding. The frame keeps that stride (no copy); set stride= in the URI if a future rpicam-vid changes it.
/// When rpicam-vid exits, <see cref="SubprocessFrameSource.TryRead"/> reports <see cref="CaptureErrorKind.Lost"/> and
/// <see cref="Supervision.CaptureSupervisor"/> restarts it.
/// </summary>
public sealed class RpicamFrameSource : SubprocessFrameSource
{
    private readonly RpicamRequest _request;

    public RpicamFrameSource(RpicamRequest request)
    {
        if (request.Width <= 0 || request.Height <= 0 || request.Width % 2 != 0 || request.Height % 2 != 0)
            throw new CaptureException(CaptureErrorKind.Configuration, $"rpicam size {request.Width}x{request.Height} must be positive and even");
        if (request.FramesPerSecond <= 0)
            throw new CaptureException(CaptureErrorKind.Configuration, $"rpicam fps {request.FramesPerSecond} must be positive");
        _request = request;
        if (ImageLimits.Exceeds(request.Width, request.Height) is { } tooLarge)
            throw new CaptureException(CaptureErrorKind.Configuration, $"rpicam: {tooLarge}");
        Layout = new RawFrameLayout(PixelFormat.I420, request.Width, request.Height, request.Stride ?? PaddedStride(request.Width));
        Description = $"rpicam:{(request.Camera is int c ? $"camera {c}, " : "")}I420 {request.Width}x{request.Height} @{request.FramesPerSecond:0.##} fps, stride {Layout.Stride}";
    }

    /// <summary>Luma row size rpicam-vid uses for a width: rounded up to 64 bytes.</summary>
    public static int PaddedStride(int width) => (width + 63) & ~63;

    public RawFrameLayout Layout { get; }

    public IReadOnlyList<string> Arguments
    {
        get
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var args = new List<string>
            {
                "-t", "0", "-n", "--codec", "yuv420",
                "--width", _request.Width.ToString(inv), "--height", _request.Height.ToString(inv),
                "--framerate", _request.FramesPerSecond.ToString("0.###", inv),
            };
            if (_request.Camera is int camera) { args.Add("--camera"); args.Add(camera.ToString(inv)); }
            args.Add("-o"); args.Add("-");
            return args;
        }
    }

    public override void Open()
    {
        EnsureNotOpen();
        Start(new RawVideoProcess(_request.Program, Arguments, Layout, endIsNormal: false, dropOldest: true));
    }
}
