using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class GpioServiceTests
{
    private static GpioOptions Options(string action) => new()
    {
        Outputs = [new GpioOutputOptions { Name = "lamp", Line = 4, HoldMs = 100_000 }],
        Input = new GpioInputOptions { Name = "button", Line = 5, Action = action },
    };

    [Fact]
    public void Input_edges_switch_detection_and_dispose_drives_outputs_inactive()
    {
        var controller = new FakeController();
        var service = GpioService.Start(Options("enable_detection"), controller: controller);
        Assert.False(service.DetectionEnabled);              // input starts inactive
        var changed = new System.Collections.Concurrent.BlockingCollection<bool>();
        service.DetectionEnabledChanged += changed.Add;

        controller.Input.Set(true);
        Assert.True(changed.TryTake(out bool now, 5000));
        Assert.True(now);
        Assert.True(service.DetectionEnabled);

        service.OnFrame([new FaceDetection(new RectangleF(0, 0, 50, 50), 0.9f)], 640, 480);
        Assert.True(controller.Outputs["lamp"].IsActive);

        service.Dispose();
        Assert.False(controller.Outputs["lamp"].IsActive);
        Assert.True(controller.Outputs["lamp"].Disposed);
        Assert.True(controller.Disposed);
        Assert.Equal(["lamp", "button"], controller.Requested.Select(a => a.Name));
    }

    [Fact]
    public void Hold_ends_by_timer_without_further_frames()
    {
        var controller = new FakeController();
        var options = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "lamp", Line = 4, HoldMs = 50 }] };
        using var service = GpioService.Start(options, controller: controller);
        service.OnFrame([new FaceDetection(new RectangleF(0, 0, 50, 50), 0.9f)], 640, 480);
        Assert.True(controller.Outputs["lamp"].IsActive);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (controller.Outputs["lamp"].IsActive && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.False(controller.Outputs["lamp"].IsActive);
    }

    [Fact]
    public void Without_gpio_hardware_an_input_line_does_not_hold_detection_off()
    {
        foreach (var action in new[] { "enable_detection", "disable_detection" })
        {
            var options = Options(action);
            options.Backend = "log";
            using var service = GpioService.Start(options);
            Assert.Equal("log", service.Backend);
            Assert.True(service.DetectionEnabled, action);
        }
    }

    [Fact]
    public void Log_backend_prints_transitions()
    {
        var log = new StringWriter();
        EdgeFace.Core.Diagnostics.Log.SetWriter(log);
        try
        {
            var options = new GpioOptions { Backend = "log", Outputs = [new GpioOutputOptions { Name = "porch", Line = 4, HoldMs = 100_000 }] };
            var service = GpioService.Start(options);
            Assert.Equal("log", service.Backend);
            service.OnFrame([new FaceDetection(new RectangleF(0, 0, 50, 50), 0.9f)], 640, 480);
            service.Dispose();
            string text = log.ToString();
            Assert.Contains("output 'porch' -> active", text);
            Assert.Contains("output 'porch' -> inactive", text);
        }
        finally { EdgeFace.Core.Diagnostics.Log.SetWriter(Console.Error); }
    }
}
