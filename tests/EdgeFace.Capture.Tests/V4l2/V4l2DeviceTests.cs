using EdgeFace.Capture.V4l2;

namespace EdgeFace.Capture.Tests.V4l2;

/// <summary>Real-kernel behaviour that needs no camera: missing nodes and nodes that are not V4L2 devices.</summary>
public class V4l2DeviceTests
{
    [Fact]
    public void A_missing_device_is_reported_as_lost_so_the_supervisor_waits_for_it()
    {
        using var source = new V4l2FrameSource(new V4l2Request("/dev/video-edgeface-missing"));
        var ex = Assert.Throws<CaptureException>(source.Open);
        Assert.Equal(CaptureErrorKind.Lost, ex.Kind);
        Assert.Contains("/dev/video-edgeface-missing", ex.Message);
        Assert.Contains("No such file", ex.Message);
    }

    [Fact]
    public void A_node_that_is_not_a_v4l2_device_is_a_configuration_error()
    {
        using var source = new V4l2FrameSource(new V4l2Request("/dev/null"));
        var ex = Assert.Throws<CaptureException>(source.Open);
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains("VIDIOC_QUERYCAP", ex.Message);
    }

    [Fact]
    public void Enumerate_lists_only_capture_devices_and_handles_an_empty_folder()
    {
        var dir = Directory.CreateTempSubdirectory("edgeface-dev-");
        try { Assert.Empty(V4l2DeviceInfo.Enumerate(dir.FullName)); }
        finally { dir.Delete(true); }
        // On this machine (or any), whatever is listed must really be a capture device.
        Assert.All(V4l2DeviceInfo.Enumerate(), d => Assert.True(d.CanCapture));
    }

    [Fact]
    public void FourCc_codes_round_trip_to_names()
    {
        Assert.Equal("YUYV", FourCc.ToString(FourCc.Yuyv));
        Assert.Equal("MJPG", FourCc.ToString(FourCc.Mjpeg));
        Assert.Equal(Core.Frames.PixelFormat.Jpeg, FourCc.ToPixelFormat(FourCc.Mjpeg));
        Assert.Null(FourCc.ToPixelFormat(0x34363248));
    }
}
