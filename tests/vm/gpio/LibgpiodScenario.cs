using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Options;

/// <summary>
/// The rules scenario through System.Device.Gpio's LibGpiodDriver: the package drives the lines, EdgeFace inverts the
/// active-low relay itself, and the kernel's view (gpio-sim sysfs, line info) shows the result.
/// </summary>
internal sealed class LibgpiodScenario(string simDir) : Checks(simDir)
{
    private static readonly FaceDetection[] Face = [new FaceDetection(new RectangleF(200, 150, 120, 140), 0.9f)];

    protected override void RunChecks()
    {
        var options = new GpioOptions
        {
            Backend = "libgpiod",
            Outputs =
            [
                new() { Name = "lamp", Chip = "gpiochip0", Line = 1, HoldMs = 300 },
                new() { Name = "relay", Chip = "gpiochip0", Line = 2, ActiveLow = true, HoldMs = 300 },
                new() { Name = "bell", Chip = "gpiochip0", Line = 3, Mode = "pulse", PulseMs = 250, HoldMs = 100 },
            ],
            Input = new() { Name = "pir", Chip = "gpiochip0", Line = 5, Bias = "pull_down", Action = "enable_detection" },
        };
        var refused = Record(() => GpioService.Start(new GpioOptions
        {
            Backend = "libgpiod",
            Outputs = [new() { Name = "bus", Chip = "gpiochip0", Line = 4, Drive = "open_drain" }],
        }).Dispose());
        Check("libgpiod-refuses-open-drain", refused is GpioException && refused.Message.Contains("cannot make gpio.outputs[0].drive open_drain"), refused?.Message ?? "no error");

        SimPull(5, up: false);
        var service = GpioService.Start(options);
        Check("libgpiod-backend", service.Backend == "libgpiod", service.Backend);
        Check("libgpiod-outputs-start-inactive", SimValue(1) == 0 && SimValue(2) == 1 && SimValue(3) == 0,
            $"lamp={SimValue(1)} relay(active-low)={SimValue(2)} bell={SimValue(3)}");
        using (var chip = GpioChip.Open("gpiochip0"))
        {
            var lamp = chip.GetLineInfo(1);
            var relay = chip.GetLineInfo(2);
            var pir = chip.GetLineInfo(5);
            // libgpiod labels lines with the process name; gpio.consumer only reaches the kernel through chardev
            Check("libgpiod-line-info", lamp.Used && lamp.Output && lamp.Consumer.Length > 0 && pir.Used && !pir.Output,
                $"lamp: {lamp}; pir: {pir}");
            // LibGpiodDriver requests edge events by releasing the input and requesting it again without flags: the
            // pull-down it was opened with is gone from the kernel's flags (gpio-sim, like SoC pin controllers, keeps
            // the pull itself, so the line still reads low). Checked so a package that fixes it is noticed.
            Check("libgpiod-edge-request-drops-bias-flag", pir.Bias == GpioBias.AsIs && SimValue(5) == 0, $"{pir}; value {SimValue(5)}");
            Check("libgpiod-active-low-in-edgeface", relay.Used && relay.Output && !relay.ActiveLow, $"{relay}");
        }

        Check("libgpiod-detection-off-while-pir-inactive", !service.DetectionEnabled, $"{service.DetectionEnabled}");
        SimPull(5, up: true);
        Check("libgpiod-pir-enables-detection", WaitFor(() => service.DetectionEnabled), $"{service.DetectionEnabled}");
        service.OnFrame(Face, 640, 480);
        Check("libgpiod-face-drives-lines", SimValue(1) == 1 && SimValue(2) == 0 && SimValue(3) == 1,
            $"lamp={SimValue(1)} relay={SimValue(2)} bell={SimValue(3)}");
        Check("libgpiod-pulse-ends", WaitFor(() => SimValue(3) == 0), $"bell={SimValue(3)}");
        Check("libgpiod-hold-ends-without-frames", WaitFor(() => SimValue(1) == 0 && SimValue(2) == 1), $"lamp={SimValue(1)} relay={SimValue(2)}");
        SimPull(5, up: false);
        Check("libgpiod-pir-disables-detection", WaitFor(() => !service.DetectionEnabled), $"{service.DetectionEnabled}");

        service.OnFrame(Face, 640, 480);
        Check("libgpiod-active-before-shutdown", SimValue(1) == 1 && SimValue(2) == 0, $"lamp={SimValue(1)} relay={SimValue(2)}");
        service.Dispose();
        using (var chip = GpioChip.Open("gpiochip0"))
            Check("libgpiod-lines-released", !chip.GetLineInfo(1).Used && !chip.GetLineInfo(2).Used && !chip.GetLineInfo(5).Used,
                $"{chip.GetLineInfo(1)}; {chip.GetLineInfo(5)}");
    }
}
