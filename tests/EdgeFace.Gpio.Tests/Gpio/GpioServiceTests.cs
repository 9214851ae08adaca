using System.Device.Gpio;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;
using EdgeFace.TestSupport;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class GpioServiceTests
{
    private static readonly FaceDetection[] OneFace = [new FaceDetection(new RectangleF(0, 0, 50, 50), 0.9f)];

    private static GpioOptions Options(string action, string device = "line", bool activeLow = false) => new()
    {
        Outputs = [new GpioOutputOptions { Name = "lamp", Line = 4, HoldMs = 100_000 }],
        Input = new GpioInputOptions { Name = "sensor", Line = 5, Action = action, Device = device, ActiveLow = activeLow },
    };

    [Fact]
    public void Input_edges_switch_detection_and_dispose_drives_outputs_inactive()
    {
        var driver = new FakeGpioDriver();
        var service = GpioService.Start(Options("enable_detection"), board: FakeBoard.Over(driver));
        Assert.False(service.DetectionEnabled);              // input starts inactive
        var changed = new System.Collections.Concurrent.BlockingCollection<bool>();
        service.DetectionEnabledChanged += changed.Add;

        driver.SetInput(5, PinValue.High);
        Assert.True(changed.TryTake(out bool now, 5000));
        Assert.True(now);
        Assert.True(service.DetectionEnabled);

        service.OnFrame(OneFace, 640, 480);
        Assert.Equal(PinValue.High, driver.ValueOf(4));

        service.Dispose();
        Assert.Equal((4, PinValue.Low), driver.Writes[^1]);   // driven inactive before the release
        Assert.False(driver.IsOpen(4));
        Assert.False(driver.IsOpen(5));
        Assert.True(driver.Disposed);
    }

    [Fact]
    public void Hold_ends_by_timer_without_further_frames()
    {
        var driver = new FakeGpioDriver();
        var options = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "lamp", Line = 4, HoldMs = 50 }] };
        using var service = GpioService.Start(options, board: FakeBoard.Over(driver));
        service.OnFrame(OneFace, 640, 480);
        Assert.Equal(PinValue.High, driver.ValueOf(4));
        Assert.True(Wait.For(() => driver.ValueOf(4) == PinValue.Low, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Active_low_is_inverted_by_EdgeFace_where_the_driver_cannot_be_told()
    {
        var driver = new FakeGpioDriver();
        var options = Options("enable_detection", activeLow: true);
        options.Outputs[0].ActiveLow = true;
        using var service = GpioService.Start(options, board: FakeBoard.Over(driver));
        Assert.Equal((4, PinMode.Output), driver.Modes[0]);
        Assert.Equal(PinValue.High, driver.ValueOf(4));         // requested already at the inactive (high) level
        Assert.DoesNotContain(driver.Writes, w => w.Pin == 4);  // no glitch: nothing was written to get there
        Assert.True(service.DetectionEnabled);                  // input low = active for an active-low sensor
        service.OnFrame(OneFace, 640, 480);
        Assert.Equal(PinValue.Low, driver.ValueOf(4));
        driver.SetInput(5, PinValue.High);
        Assert.True(Wait.For(() => !service.DetectionEnabled, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Active_low_drive_bias_and_debounce_go_to_a_driver_that_takes_line_traits()
    {
        var driver = new FakeTraitsDriver();
        var options = Options("enable_detection", activeLow: true);
        options.Outputs[0] = new GpioOutputOptions { Name = "relay", Line = 4, ActiveLow = true, Drive = "open_drain" };
        options.Input!.Bias = "pull_up";
        options.Input.DebounceMs = 7;
        options.Consumer = "door";
        using var service = GpioService.Start(options, board: FakeBoard.Over(driver));
        Assert.Equal(new GpioLineTraits("door:relay", true, GpioDrive.OpenDrain), driver.Traits[4]);
        Assert.Equal(new GpioLineTraits("door:sensor", true, GpioDrive.PushPull, GpioBias.PullUp, 7), driver.Traits[5]);
        Assert.Equal(PinValue.Low, driver.ValueOf(4));          // logical values: the driver inverts
        Assert.Contains((5, PinMode.InputPullUp), driver.Modes);
    }

    [Fact]
    public void A_pir_sensor_enables_detection_while_it_reports_motion()
    {
        var driver = new FakeGpioDriver();
        using var service = GpioService.Start(Options("enable_detection", device: "pir"), board: FakeBoard.Over(driver));
        Assert.Contains((5, PinMode.Input), driver.Modes);      // the HC-SR501 binding opened it
        Assert.True(driver.Callbacks(5) > 0);
        Assert.False(service.DetectionEnabled);
        driver.SetInput(5, PinValue.High);
        Assert.True(Wait.For(() => service.DetectionEnabled, TimeSpan.FromSeconds(5)));
        driver.SetInput(5, PinValue.Low);
        Assert.True(Wait.For(() => !service.DetectionEnabled, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_button_wired_to_ground_toggles_detection_on_each_press()
    {
        var driver = new FakeGpioDriver();
        var options = Options("toggle_detection", device: "button", activeLow: true);
        options.Input!.Bias = "pull_up";
        using var service = GpioService.Start(options, board: FakeBoard.Over(driver));
        Assert.Contains((5, PinMode.InputPullUp), driver.Modes); // the GpioButton binding asked for the pull itself
        Assert.True(service.DetectionEnabled);
        driver.SetInput(5, PinValue.Low);                         // press
        Assert.True(Wait.For(() => !service.DetectionEnabled, TimeSpan.FromSeconds(5)));
        driver.SetInput(5, PinValue.High);                        // release: no change
        Thread.Sleep(50);
        Assert.False(service.DetectionEnabled);
        driver.SetInput(5, PinValue.Low);
        Assert.True(Wait.For(() => service.DetectionEnabled, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_buzzer_sounds_while_its_rule_is_active_and_is_silent_and_low_otherwise()
    {
        var driver = new FakeGpioDriver();
        var options = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "bell", Line = 3, Device = "buzzer", FrequencyHz = 500, HoldMs = 150 }] };
        using var service = GpioService.Start(options, board: FakeBoard.Over(driver));
        Thread.Sleep(100);
        Assert.Equal(0, driver.WriteCount(3));                   // idle: not a single edge
        service.OnFrame(OneFace, 640, 480);
        Assert.True(Wait.For(() => driver.WriteCount(3) >= 20, TimeSpan.FromSeconds(5)));
        // the hold ends: the tone stops with the line low
        Assert.True(Wait.For(() => service.OutputStates.All(s => !s.Active), TimeSpan.FromSeconds(5)));
        Thread.Sleep(50);
        int stopped = driver.WriteCount(3);
        Thread.Sleep(100);
        Assert.Equal(stopped, driver.WriteCount(3));
        Assert.Equal(PinValue.Low, driver.ValueOf(3));
    }

    [Fact]
    public void Rule_transitions_through_GpioController_allocate_nothing()
    {
        var driver = new FakeGpioDriver { RecordWrites = false };
        var options = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "lamp", Line = 4, HoldMs = 10 }] };
        var clock = new ManualClock();
        using var service = GpioService.Start(options, clock, FakeBoard.Over(driver));
        FaceDetection[] none = [];
        // a face switches the line on; 10 ms later an empty frame switches it off: two writes per step
        void Step() { service.OnFrame(OneFace, 640, 480); clock.Advance(10); service.OnFrame(none, 640, 480); }
        Step();
        Assert.Equal(2, driver.WriteTotal);
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 2000, warmup: 200));
        Assert.True(driver.WriteTotal > 4000, $"{driver.WriteTotal} writes");
        Assert.Equal(PinValue.Low, driver.ValueOf(4));
    }

    [Fact]
    public void Without_gpio_hardware_an_input_does_not_hold_detection_off()
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
    public void Log_backend_prints_transitions_and_why_it_was_chosen()
    {
        var log = new StringWriter();
        EdgeFace.Core.Diagnostics.Log.SetWriter(log);
        try
        {
            var options = new GpioOptions { Backend = "log", Outputs = [new GpioOutputOptions { Name = "porch", Line = 4, HoldMs = 100_000 }] };
            var service = GpioService.Start(options);
            Assert.Equal("log", service.Backend);
            service.OnFrame(OneFace, 640, 480);
            service.Dispose();
            string text = log.ToString();
            Assert.Contains("log backend (gpio.backend is log)", text);
            Assert.Contains("output 'porch' -> active", text);
            Assert.Contains("output 'porch' -> inactive", text);
        }
        finally { EdgeFace.Core.Diagnostics.Log.SetWriter(Console.Error); }
    }
}
