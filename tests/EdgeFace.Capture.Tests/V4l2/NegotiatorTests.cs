using EdgeFace.Capture.V4l2;

namespace EdgeFace.Capture.Tests.V4l2;

public class NegotiatorTests
{
    // A typical UVC webcam: YUYV is limited by USB bandwidth at high resolutions, MJPEG is not.
    private static readonly V4l2DeviceInfo Webcam = new("/dev/video0", "uvcvideo", "USB Camera", "usb-1", true, true,
    [
        new V4l2FormatDescription(FourCc.Yuyv, "YUYV 4:2:2", false,
            [Size(640, 480, 30, 15), Size(1280, 720, 10, 5)], null),
        new V4l2FormatDescription(FourCc.Mjpeg, "Motion-JPEG", true,
            [Size(640, 480, 30, 15), Size(1280, 720, 30, 15), Size(1920, 1080, 30)], null),
        new V4l2FormatDescription(0x34363248 /* H264 */, "H.264", true, [Size(1920, 1080, 30)], null),
    ]);

    private static V4l2FrameSize Size(int w, int h, params int[] fps) =>
        new(w, h, fps.Select(f => new V4l2FrameInterval(1, (uint)f)).ToList());

    private static V4l2Choice Choose(int? w = null, int? h = null, double? fps = null, string? format = null, (int, int)? current = null) =>
        V4l2Negotiator.Choose(Webcam, new V4l2Request("/dev/video0", w, h, fps, V4l2Request.ParseFormat(format)), current);

    [Fact]
    public void High_resolution_without_a_rate_picks_the_format_that_runs_fastest_there()
    {
        var c = Choose(1280, 720);
        Assert.Equal(FourCc.Mjpeg, c.FourCc);
        Assert.Equal(30, c.FramesPerSecond);
    }

    [Fact]
    public void When_both_formats_reach_the_rate_the_uncompressed_one_wins()
    {
        Assert.Equal(FourCc.Yuyv, Choose(640, 480).FourCc);
        Assert.Equal(FourCc.Yuyv, Choose(1280, 720, fps: 10).FourCc);
        Assert.Equal(FourCc.Mjpeg, Choose(1280, 720, fps: 25).FourCc);
    }

    [Fact]
    public void An_explicit_format_is_respected()
    {
        var c = Choose(1280, 720, format: "yuyv");
        Assert.Equal(FourCc.Yuyv, c.FourCc);
        Assert.Equal(10, c.FramesPerSecond);
    }

    [Fact]
    public void Without_a_size_the_current_size_or_640x480_is_used()
    {
        var current = Choose(current: (1920, 1080));
        Assert.Equal((1920, 1080, FourCc.Mjpeg), (current.Width, current.Height, current.FourCc));
        var fallback = Choose(current: (800, 600));
        Assert.Equal((640, 480), (fallback.Width, fallback.Height));
    }

    [Fact]
    public void An_unsupported_size_lists_what_the_device_offers()
    {
        var ex = Assert.Throws<CaptureException>(() => Choose(800, 600));
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains("800x600 is not offered", ex.Message);
        Assert.Contains("1280x720@30/15", ex.Message);
        Assert.Contains("yuyv", ex.Message);
    }

    [Fact]
    public void An_unreachable_rate_or_format_is_a_clear_error()
    {
        var rate = Assert.Throws<CaptureException>(() => Choose(1280, 720, fps: 60));
        Assert.Contains("60 fps is not offered at 1280x720", rate.Message);
        var yuyvOnly = Assert.Throws<CaptureException>(() => Choose(1920, 1080, format: "yuyv"));
        Assert.Contains("1920x1080 is not offered in yuyv", yuyvOnly.Message);
        var nv12 = Assert.Throws<CaptureException>(() => Choose(640, 480, format: "nv12"));
        Assert.Contains("format nv12 is not offered", nv12.Message);
        var unknown = Assert.Throws<CaptureException>(() => Choose(640, 480, format: "h265"));
        Assert.Contains("unknown V4L2 format 'h265'", unknown.Message);
    }

    [Fact]
    public void Stepwise_devices_accept_sizes_on_the_grid()
    {
        var stepwise = Webcam with
        {
            Formats = [new V4l2FormatDescription(FourCc.Nv12, "Y/UV 4:2:0", false, [], new V4l2SizeRange(32, 4096, 2, 32, 2160, 2))],
        };
        var ok = V4l2Negotiator.Choose(stepwise, new V4l2Request("/dev/video0", 1000, 750));
        Assert.Equal((FourCc.Nv12, 1000, 750), (ok.FourCc, ok.Width, ok.Height));
        Assert.Throws<CaptureException>(() => V4l2Negotiator.Choose(stepwise, new V4l2Request("/dev/video0", 1001, 750)));
    }

    [Fact]
    public void Formats_without_listed_sizes_accept_the_request_and_leave_it_to_the_driver()
    {
        var tv = Webcam with { Formats = [new V4l2FormatDescription(FourCc.Yuyv, "YUYV 4:2:2", false, [], null)] };
        var c = V4l2Negotiator.Choose(tv, new V4l2Request("/dev/video0", 720, 576));
        Assert.Equal((FourCc.Yuyv, 720, 576, (double?)null), (c.FourCc, c.Width, c.Height, c.FramesPerSecond));
        Assert.Contains("sizes not listed by the driver", tv.Formats[0].ToString());
    }

    [Fact]
    public void A_device_with_only_unusable_formats_says_so()
    {
        var h264 = Webcam with { Formats = [Webcam.Formats[2]] };
        var ex = Assert.Throws<CaptureException>(() => V4l2Negotiator.Choose(h264, new V4l2Request("/dev/video0")));
        Assert.Contains("no format EdgeFace can use", ex.Message);
        Assert.Contains("H264", ex.Message);
    }
}
