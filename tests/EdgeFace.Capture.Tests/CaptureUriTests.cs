using EdgeFace.Capture.Folder;
using EdgeFace.Capture.Processes;
using EdgeFace.Capture.V4l2;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Tests;

public class CaptureUriTests
{
    [Fact]
    public void V4l2_uri_options_are_parsed()
    {
        var u = CaptureUri.Parse("v4l2:/dev/video2?width=1280&height=720&fps=15&format=mjpeg");
        Assert.Equal(("v4l2", "/dev/video2"), (u.Scheme, u.Path));
        Assert.Equal(1280, u.GetInt32("width"));
        Assert.Equal(15.0, u.GetDouble("fps"));
        Assert.Equal("mjpeg", u.GetString("format"));
        Assert.Equal("/dev/video0", CaptureUri.Parse("v4l2:///dev/video0").Path);
    }

    [Fact]
    public void Factory_builds_the_right_source_for_each_scheme()
    {
        using var v = FrameSourceFactory.Create("v4l2:/dev/video0?width=640&height=480&format=yuyv");
        Assert.IsType<V4l2FrameSource>(v);
        using var r = FrameSourceFactory.Create("rpicam:?width=780&height=360&fps=10&camera=1");
        var rpicam = Assert.IsType<RpicamFrameSource>(r);
        Assert.Equal(832, rpicam.Layout.Stride);
        Assert.Contains("--camera", rpicam.Arguments);
        using var d = FrameSourceFactory.Create("folder:/tmp/x?fps=5&loop=true");
        Assert.IsType<FolderFrameSource>(d);
        using var f = FrameSourceFactory.Create("file:/tmp/a.mp4?format=rgb24&realtime=false");
        Assert.IsType<FfmpegFrameSource>(f);
        using var s = FrameSourceFactory.Create("rtsp://user:secret@10.0.0.2:554/stream?channel=1");
        Assert.IsType<FfmpegFrameSource>(s);
        Assert.DoesNotContain("secret", s.Description);
        Assert.Contains("user:***", s.Description);
    }

    [Theory]
    [InlineData("v4l2:/dev/video0?widht=640", "unknown option widht")]
    [InlineData("v4l2:/dev/video0?width=abc", "width=abc is not a whole number")]
    [InlineData("v4l2:video0", "is not a device path")]
    [InlineData("v4l2:/dev/video0?format=h265", "unknown V4L2 format 'h265'")]
    [InlineData("webcam:0", "unknown scheme 'webcam:'")]
    [InlineData("/dev/video0", "has no scheme")]
    [InlineData("", "camera source is empty")]
    [InlineData("rpicam:?width=641", "must be positive and even")]
    [InlineData("file:/a.mp4?format=nv12", "format=nv12 is not supported for files")]
    [InlineData("folder:/x?fps=0", "fps=0 is not a number")]
    [InlineData("folder:/x?fps=NaN", "fps=NaN is not a number")]
    [InlineData("folder:/x?loop=maybe", "loop=maybe is not true or false")]
    [InlineData("v4l2:/dev/video0?fps=5&fps=6", "repeats option 'fps'")]
    public void Bad_uris_get_clear_configuration_errors(string uri, string expected)
    {
        var ex = Assert.Throws<CaptureException>(() => FrameSourceFactory.Create(uri).Dispose());
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Rpicam_stride_is_the_width_rounded_up_to_64_bytes()
    {
        Assert.Equal(640, RpicamFrameSource.PaddedStride(640));
        Assert.Equal(832, RpicamFrameSource.PaddedStride(780));
        Assert.Equal(1472, RpicamFrameSource.PaddedStride(1456));
        var layout = new RawFrameLayout(PixelFormat.I420, 780, 360, 832);
        Assert.Equal(832 * 360 * 3 / 2, layout.FrameBytes);
    }
}
