namespace EdgeFace.Capture.V4l2;

/// <summary>
/// Picks the pixel format for a requested size and rate from what a device offers. It prefers what the device
/// produces natively at that size: among formats that reach the rate, uncompressed ones win (no decode cost); when
/// only a compressed format reaches it (typical USB webcams above 640×480 deliver YUYV at a few fps but MJPEG at 30),
/// the compressed one is chosen. Anything the device cannot do is an error that lists what it can.
/// </summary>
public static class V4l2Negotiator
{
    private const double RateSlack = 0.01;

    public static V4l2Choice Choose(V4l2DeviceInfo device, V4l2Request request, (int Width, int Height)? current = null)
    {
        if (request.Width.HasValue != request.Height.HasValue)
            throw Config(device, "give both width and height (or neither)");

        var usable = device.Formats.Where(f => f.PipelineFormat is not null).ToList();
        if (usable.Count == 0)
            throw Config(device, "the device offers no format EdgeFace can use (needs mjpeg, yuyv, nv12, yu12, grey, rgb24 or bgr24)");
        if (request.FourCcs is { } wanted)
        {
            usable = usable.Where(f => wanted.Contains(f.FourCc)).ToList();
            if (usable.Count == 0)
                throw Config(device, $"format {FourCc.FriendlyName(wanted[0])} is not offered");
        }

        var (width, height) = request.Width is int w ? (w, request.Height!.Value) : DefaultSize(usable, current);
        var atSize = usable.Where(f => f.Supports(width, height)).ToList();
        if (atSize.Count == 0)
            throw Config(device, $"size {width}x{height} is not offered" +
                (request.FourCcs is not null ? $" in {FourCc.FriendlyName(request.FourCcs[0])}" : ""));

        double? MaxRate(V4l2FormatDescription f) =>
            f.Sizes.FirstOrDefault(s => s.Width == width && s.Height == height)?.MaxFramesPerSecond;

        if (request.FramesPerSecond is double fps)
        {
            // Unknown rates (stepwise drivers that do not enumerate intervals) are given the benefit of the doubt.
            var fastEnough = atSize.Where(f => MaxRate(f) is not double max || max + RateSlack >= fps).ToList();
            if (fastEnough.Count == 0)
                throw Config(device, $"{fps:0.##} fps is not offered at {width}x{height}");
            var pick = fastEnough.OrderBy(f => f.Compressed ? 1 : 0).First();
            return new V4l2Choice(pick.FourCc, width, height, fps);
        }

        var best = atSize
            .Select((f, order) => (f, rate: MaxRate(f) ?? 0, order))
            .OrderByDescending(x => x.rate).ThenBy(x => x.f.Compressed ? 1 : 0).ThenBy(x => x.order)
            .First();
        return new V4l2Choice(best.f.FourCc, width, height, best.rate > 0 ? best.rate : null);
    }

    // Without a requested size keep what the device is set to (another tool may have configured it), otherwise
    // take 640x480 when offered (plenty for face detection), otherwise the first size listed.
    private static (int, int) DefaultSize(List<V4l2FormatDescription> usable, (int Width, int Height)? current)
    {
        if (current is { } c && usable.Any(f => f.Supports(c.Width, c.Height))) return c;
        if (usable.Any(f => f.Supports(640, 480))) return (640, 480);
        var first = usable[0];
        if (first.Sizes.Count > 0) return (first.Sizes[0].Width, first.Sizes[0].Height);
        var r = first.SizeRange!;
        return (Math.Clamp(640, r.MinWidth, r.MaxWidth), Math.Clamp(480, r.MinHeight, r.MaxHeight));
    }

    private static CaptureException Config(V4l2DeviceInfo device, string problem) =>
        new(CaptureErrorKind.Configuration,
            $"{device.Path} ({device.Card}): {problem}. The device offers:\n  " + string.Join("\n  ", device.Formats));
}
