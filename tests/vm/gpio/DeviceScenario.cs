using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Options;

/// <summary>
/// The dotnet/iot bindings EdgeFace attaches by configuration, on gpio-sim lines through one backend: an HC-SR501 PIR
/// enabling detection, an LED and a passive buzzer as rule targets, a push button toggling detection.
/// </summary>
internal sealed class DeviceScenario(string simDir, string backend) : Checks(simDir)
{
    private static readonly FaceDetection[] Face = [new FaceDetection(new RectangleF(200, 150, 120, 140), 0.9f)];
    private string P(string name) => $"{backend}-{name}";

    protected override void RunChecks()
    {
        PirLedAndBuzzer();
        Button();
    }

    private void PirLedAndBuzzer()
    {
        var options = new GpioOptions
        {
            Backend = backend,
            Outputs =
            [
                new() { Name = "led", Chip = "gpiochip0", Line = 1, HoldMs = 800 },
                new() { Name = "buzzer", Chip = "gpiochip0", Line = 3, Device = "buzzer", FrequencyHz = 100, HoldMs = 800 },
            ],
            Input = new() { Name = "pir", Chip = "gpiochip0", Line = 5, Device = "pir", Action = "enable_detection" },
        };
        SimPull(5, up: false);
        using var service = GpioService.Start(options);
        Check(P("devices-backend"), service.Backend == backend, service.Backend);
        Check(P("pir-no-motion-no-detection"), !service.DetectionEnabled, $"{service.DetectionEnabled}");
        SimPull(5, up: true);
        Check(P("pir-motion-enables-detection"), WaitFor(() => service.DetectionEnabled), $"{service.DetectionEnabled}");

        // idle buzzer: the line stays low (no tone thread spinning edges out)
        int idleChanges = Changes(3, samples: 40, out _);
        service.OnFrame(Face, 640, 480);
        Check(P("led-on-with-face"), SimValue(1) == 1, $"led={SimValue(1)}");
        int toneChanges = Changes(3, samples: 150, out int ones);
        Check(P("buzzer-sounds-while-active"), idleChanges == 0 && toneChanges >= 4 && ones > 0,
            $"idle changes {idleChanges}; {toneChanges} level changes and {ones}/150 high samples while active");
        Check(P("buzzer-and-led-end-with-hold"), WaitFor(() => service.OutputStates.All(s => !s.Active)) && WaitFor(() => SimValue(1) == 0 && SimValue(3) == 0),
            $"led={SimValue(1)} buzzer={SimValue(3)}");
        int after = Changes(3, samples: 40, out int onesAfter);
        Check(P("buzzer-silent-after"), after == 0 && onesAfter == 0, $"{after} changes, {onesAfter} high samples");

        SimPull(5, up: false);
        Check(P("pir-no-motion-disables-detection"), WaitFor(() => !service.DetectionEnabled), $"{service.DetectionEnabled}");
    }

    private void Button()
    {
        var options = new GpioOptions
        {
            Backend = backend,
            Input = new() { Name = "button", Chip = "gpiochip0", Line = 6, Device = "button", ActiveLow = true, Bias = "pull_up", DebounceMs = 20, Action = "toggle_detection" },
        };
        SimPull(6, up: true); // released
        var service = GpioService.Start(options);
        using (var chip = GpioChip.Open("gpiochip0"))
        {
            var info = chip.GetLineInfo(6);
            Check(P("button-line-pulled-up"), info.Used && !info.Output && SimValue(6) == 1, $"{info}; value {SimValue(6)}");
        }
        Check(P("button-detection-on-at-start"), service.DetectionEnabled, $"{service.DetectionEnabled}");
        SimPull(6, up: false); // press
        bool off = WaitFor(() => !service.DetectionEnabled);
        Thread.Sleep(60);
        SimPull(6, up: true);  // release
        Thread.Sleep(200);
        bool stillOff = !service.DetectionEnabled;
        SimPull(6, up: false);
        bool on = WaitFor(() => service.DetectionEnabled);
        Thread.Sleep(60);
        SimPull(6, up: true);
        Check(P("button-press-toggles-detection"), off && stillOff && on, $"first press off={off}, after release still off={stillOff}, second press on={on}");
        service.Dispose();
        using (var chip = GpioChip.Open("gpiochip0"))
            Check(P("device-lines-released"), !chip.GetLineInfo(6).Used && !chip.GetLineInfo(5).Used && !chip.GetLineInfo(3).Used, $"{chip.GetLineInfo(6)}");
    }

    // Samples a line's value every ~2 ms: how often it changed, and how many samples were high.
    private int Changes(int line, int samples, out int ones)
    {
        int changes = 0, last = SimValue(line);
        ones = 0;
        for (int i = 0; i < samples; i++)
        {
            int v = SimValue(line);
            if (v != last) changes++;
            ones += v;
            last = v;
            Thread.Sleep(2);
        }
        return changes;
    }
}
