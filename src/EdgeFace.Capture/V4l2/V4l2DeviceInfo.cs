using System.Runtime.Versioning;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.V4l2;

/// <summary>A frame rate as V4L2 reports it: seconds per frame as a fraction.</summary>
public readonly record struct V4l2FrameInterval(uint Numerator, uint Denominator)
{
    public double FramesPerSecond => Numerator == 0 ? 0 : (double)Denominator / Numerator;
    public override string ToString() => FramesPerSecond.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One frame size and the rates the device offers at it (empty when the driver does not say).</summary>
public sealed record V4l2FrameSize(int Width, int Height, IReadOnlyList<V4l2FrameInterval> Intervals)
{
    public double? MaxFramesPerSecond => Intervals.Count == 0 ? null : Intervals.Max(i => i.FramesPerSecond);
    public override string ToString() =>
        Intervals.Count == 0 ? $"{Width}x{Height}" : $"{Width}x{Height}@{string.Join("/", Intervals)}";
}

/// <summary>A continuous or stepwise size range (drivers that do not list discrete sizes).</summary>
public sealed record V4l2SizeRange(int MinWidth, int MaxWidth, int StepWidth, int MinHeight, int MaxHeight, int StepHeight)
{
    public bool Contains(int width, int height) =>
        width >= MinWidth && width <= MaxWidth && height >= MinHeight && height <= MaxHeight &&
        (StepWidth <= 1 || (width - MinWidth) % StepWidth == 0) && (StepHeight <= 1 || (height - MinHeight) % StepHeight == 0);
    public override string ToString() => $"{MinWidth}x{MinHeight}..{MaxWidth}x{MaxHeight} (step {StepWidth}x{StepHeight})";
}

/// <summary>One pixel format a device offers, with its sizes.</summary>
public sealed record V4l2FormatDescription(
    uint FourCc, string Description, bool Compressed, IReadOnlyList<V4l2FrameSize> Sizes, V4l2SizeRange? SizeRange)
{
    public string Name => V4l2.FourCc.FriendlyName(FourCc);
    /// <summary>The pipeline format frames arrive in, or null when EdgeFace cannot use this format.</summary>
    public PixelFormat? PipelineFormat => V4l2.FourCc.ToPixelFormat(FourCc);

    /// <summary>
    /// Whether the size is offered. A driver that does not answer VIDIOC_ENUM_FRAMESIZES for this format (vivid's
    /// TV inputs, some bridges) lists nothing; then any size is tried and VIDIOC_S_FMT has the last word.
    /// </summary>
    public bool Supports(int width, int height) =>
        Sizes.Any(s => s.Width == width && s.Height == height) || (SizeRange?.Contains(width, height) ?? false) ||
        (Sizes.Count == 0 && SizeRange is null);

    public override string ToString() =>
        $"{Name} ({Description}): " + (SizeRange is not null ? SizeRange.ToString()
            : Sizes.Count == 0 ? "sizes not listed by the driver" : string.Join(", ", Sizes));
}

/// <summary>What a V4L2 capture device is and offers: for <c>edgeface cameras</c> and for format negotiation.</summary>
public sealed record V4l2DeviceInfo(
    string Path, string Driver, string Card, string BusInfo, bool CanCapture, bool CanStream, IReadOnlyList<V4l2FormatDescription> Formats)
{
    /// <summary>Every /dev/video* node that is a single-planar streaming capture device. Nodes that fail to open are skipped.</summary>
    [SupportedOSPlatform("linux")]
    public static IReadOnlyList<V4l2DeviceInfo> Enumerate(string devDirectory = "/dev")
    {
        var result = new List<V4l2DeviceInfo>();
        if (!Directory.Exists(devDirectory)) return result;
        var nodes = Directory.GetFiles(devDirectory, "video*")
            .Where(p => int.TryParse(System.IO.Path.GetFileName(p)["video".Length..], out _))
            .OrderBy(p => int.Parse(System.IO.Path.GetFileName(p)["video".Length..]));
        foreach (var node in nodes)
        {
            try
            {
                var info = Query(node);
                if (info.CanCapture) result.Add(info);
            }
            catch (CaptureException) { /* not ours to report: busy or not a camera */ }
        }
        return result;
    }

    /// <summary>Opens one device node and reads what it offers.</summary>
    [SupportedOSPlatform("linux")]
    public static V4l2DeviceInfo Query(string path)
    {
        using var device = V4l2Device.Open(path);
        return Read(device);
    }

    [SupportedOSPlatform("linux")]
    internal static unsafe V4l2DeviceInfo Read(V4l2Device device)
    {
        var cap = device.QueryCapability();
        uint caps = V4l2Device.NodeCaps(cap);
        bool canCapture = (caps & V4l2Const.CapVideoCapture) != 0;
        var formats = canCapture ? ReadFormats(device) : [];
        return new V4l2DeviceInfo(device.Path,
            V4l2Device.Text(cap.Driver, 16), V4l2Device.Text(cap.Card, 32), V4l2Device.Text(cap.BusInfo, 32),
            canCapture, (caps & V4l2Const.CapStreaming) != 0, formats);
    }

    [SupportedOSPlatform("linux")]
    private static unsafe List<V4l2FormatDescription> ReadFormats(V4l2Device device)
    {
        var formats = new List<V4l2FormatDescription>();
        for (uint i = 0; ; i++)
        {
            var desc = new V4l2FmtDesc { Index = i, Type = V4l2Const.BufTypeVideoCapture };
            int errno = device.TryIoctl(V4l2Ioctl.EnumFmt, ref desc);
            if (errno == Libc.EINVAL) break;
            if (errno != 0) throw device.Failure("VIDIOC_ENUM_FMT", errno);
            var (sizes, range) = ReadSizes(device, desc.PixelFormat);
            formats.Add(new V4l2FormatDescription(desc.PixelFormat, V4l2Device.Text(desc.Description, 32),
                (desc.Flags & V4l2Const.FmtFlagCompressed) != 0, sizes, range));
        }
        return formats;
    }

    [SupportedOSPlatform("linux")]
    private static (List<V4l2FrameSize>, V4l2SizeRange?) ReadSizes(V4l2Device device, uint fourCc)
    {
        var sizes = new List<V4l2FrameSize>();
        for (uint i = 0; ; i++)
        {
            var size = new V4l2FrmSizeEnum { Index = i, PixelFormat = fourCc };
            int errno = device.TryIoctl(V4l2Ioctl.EnumFrameSizes, ref size);
            if (errno is Libc.EINVAL or Libc.ENOTTY) break;
            if (errno != 0) throw device.Failure("VIDIOC_ENUM_FRAMESIZES", errno);
            if (size.Type != V4l2Const.FrmSizeDiscrete)
            {
                var range = new V4l2SizeRange((int)size.MinWidth, (int)size.MaxWidth, (int)Math.Max(1, size.StepWidth),
                    (int)size.MinHeight, (int)size.MaxHeight, (int)Math.Max(1, size.StepHeight));
                return (sizes, range);
            }
            sizes.Add(new V4l2FrameSize((int)size.Width, (int)size.Height,
                ReadIntervals(device, fourCc, (int)size.Width, (int)size.Height)));
        }
        return (sizes, null);
    }

    [SupportedOSPlatform("linux")]
    internal static List<V4l2FrameInterval> ReadIntervals(V4l2Device device, uint fourCc, int width, int height)
    {
        var intervals = new List<V4l2FrameInterval>();
        for (uint i = 0; ; i++)
        {
            var ival = new V4l2FrmIvalEnum { Index = i, PixelFormat = fourCc, Width = (uint)width, Height = (uint)height };
            if (device.TryIoctl(V4l2Ioctl.EnumFrameIntervals, ref ival) != 0) break;
            if (ival.Type == V4l2Const.FrmIvalDiscrete) intervals.Add(new V4l2FrameInterval(ival.Numerator, ival.Denominator));
            else
            {
                // Stepwise/continuous: report the fastest and slowest ends (min interval = max rate).
                intervals.Add(new V4l2FrameInterval(ival.Numerator, ival.Denominator));
                intervals.Add(new V4l2FrameInterval(ival.MaxNumerator, ival.MaxDenominator));
                break;
            }
        }
        return intervals;
    }

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"{Path}: {Card} (driver {Driver}, {BusInfo})");
        foreach (var f in Formats) sb.Append("\n  ").Append(f).Append(f.PipelineFormat is null ? "  [not usable by EdgeFace]" : "");
        return sb.ToString();
    }
}
