using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Options;

// Commands of the VM GPIO case. Each check prints "CHECK <name> PASS|FAIL <detail>"; exit 0 only when all passed.
//   scenario SIMDIR        rules engine, active-low, pulse, input action, edge events, line info, release
//   hold CHIP OFFSET       request OFFSET as an active output, print READY, wait for stdin to close
//   crash CHIP OFFSET      request OFFSET as an active output, then die without cleaning up (FailFast)
//   bench [CHIP OFFSET [SCALE]]  GPIO rules and device bookkeeping costs (and line writes through CHIP), printed;
//                          SCALE shrinks the iteration counts (the VM uses 0.1: TCG is ~10x slower)
//   libgpiod SIMDIR        the rules scenario through System.Device.Gpio's LibGpiodDriver (libgpiod.so.2)
//   devices SIMDIR BACKEND  HC-SR501 PIR, GpioButton and buzzer bindings on gpio-sim lines (BACKEND chardev|libgpiod)
//   choice                 prints "CHOICE <backend> <reason>" for gpio.backend auto on this machine
if (args.Length == 0) { Console.Error.WriteLine("usage: scenario SIMDIR | hold CHIP OFFSET | crash CHIP OFFSET | bench [CHIP OFFSET] | libgpiod SIMDIR | devices SIMDIR BACKEND | choice"); return 2; }
switch (args[0])
{
    case "scenario" when args.Length == 2:
        return new Scenario(args[1]).Run();
    case "hold" when args.Length == 3:
    {
        using var chip = GpioChip.Open(args[1]);
        using var req = chip.Request(int.Parse(args[2]), GpioLineSettings.OutputLine() with { InitialActive = true }, "edgeface:hold");
        Console.WriteLine("READY");
        Console.Out.Flush();
        Console.In.ReadToEnd();
        return 0;
    }
    case "crash" when args.Length == 3:
    {
        var chip = GpioChip.Open(args[1]);
        chip.Request(int.Parse(args[2]), GpioLineSettings.OutputLine() with { InitialActive = true }, "edgeface:crash");
        Console.WriteLine("REQUESTED");
        Console.Out.Flush();
        Environment.FailFast("deliberate crash with a GPIO line held");
        return 1;
    }
    case "bench":
    {
        double scale = args.Length >= 4 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
        EdgeFace.Gpio.Benchmarks.GpioBenchmark.Run(Console.Out, args.Length >= 3 ? args[1] : null, args.Length >= 3 ? int.Parse(args[2]) : 0, scale);
        EdgeFace.Device.Benchmarks.DeviceBenchmark.Run(Console.Out, scale);
        return 0;
    }
    case "libgpiod" when args.Length == 2:
        return new LibgpiodScenario(args[1]).Run();
    case "devices" when args.Length == 3:
        return new DeviceScenario(args[1], args[2]).Run();
    case "choice":
    {
        var choice = EdgeFace.Gpio.Board.BackendChoice.Choose(
            new GpioOptions { Outputs = [new() { Name = "lamp", Line = 1 }] }, EdgeFace.Gpio.Board.GpioMachine.Current);
        Console.WriteLine($"CHOICE {choice.Backend.Name()} {choice.Reason}");
        return 0;
    }
    default:
        Console.Error.WriteLine("bad arguments");
        return 2;
}

internal sealed class Scenario(string simDir) : Checks(simDir)
{
    private static readonly FaceDetection[] Face = [new FaceDetection(new RectangleF(200, 150, 120, 140), 0.9f)];

    protected override void RunChecks()
    {
        using (var chip = GpioChip.Open("gpiochip0"))
        {
            Check("chip-info", chip.Info.LineCount == 8 && chip.Info.Label.StartsWith("gpio-sim"), $"{chip.Info}");
            using var byLabel = GpioChip.Open(chip.Info.Label);
            Check("open-by-label", byLabel.DevicePath == chip.DevicePath, byLabel.DevicePath);
            var ex = Record(() => chip.GetLineInfo(8));
            Check("bad-offset-message", ex is GpioException && ex.Message.Contains("lines 0..7"), ex?.Message ?? "no error");
        }

        var options = new GpioOptions
        {
            Backend = "chardev",
            Outputs =
            [
                // Holds and the pulse are long enough that the lines are still active when read back right after
                // the frame even under emulation on a busy host (300/250 ms was missed twice in six arm64 VM runs),
                // and short enough to end within WaitFor's 5 s.
                new() { Name = "lamp", Chip = "gpiochip0", Line = 1, HoldMs = 1500 },
                new() { Name = "relay", Chip = "gpiochip0", Line = 2, ActiveLow = true, HoldMs = 1500 },
                new() { Name = "bell", Chip = "gpiochip0", Line = 3, Mode = "pulse", PulseMs = 1200, HoldMs = 100 },
                new() { Name = "bus", Chip = "gpiochip0", Line = 4, Drive = "open_drain", HoldMs = 300 },
            ],
            Input = new() { Name = "pir", Chip = "gpiochip0", Line = 5, Bias = "pull_down", DebounceMs = 5, Action = "enable_detection" },
        };
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        options.Validate("gpio", issues);
        Check("options-valid", issues.IsValid, string.Join("; ", issues.Items));

        SimPull(5, up: false);
        var service = GpioService.Start(options);
        Check("backend", service.Backend == "chardev", service.Backend);
        Check("outputs-start-inactive", SimValue(1) == 0 && SimValue(2) == 1 && SimValue(3) == 0,
            $"lamp={SimValue(1)} relay(active-low)={SimValue(2)} bell={SimValue(3)}");

        using (var chip = GpioChip.Open("gpiochip0"))
        {
            var lamp = chip.GetLineInfo(1);
            var relay = chip.GetLineInfo(2);
            var bus = chip.GetLineInfo(4);
            var pir = chip.GetLineInfo(5);
            Check("line-info-consumer", lamp.Used && lamp.Output && lamp.Consumer == "edgeface:lamp", $"{lamp}");
            Check("line-info-active-low", relay.ActiveLow && relay.Output, $"{relay}");
            Check("line-info-open-drain", bus.Drive == GpioDrive.OpenDrain, $"{bus}");
            Check("line-info-input", pir.Used && !pir.Output && pir.Bias == GpioBias.PullDown && pir.EdgeRising && pir.EdgeFalling && pir.DebounceUs == 5000, $"{pir}");
            var busy = Record(() => chip.Request(1, GpioLineSettings.OutputLine(), "intruder"));
            Check("busy-line-refused", busy is GpioException { Errno: 16 } && busy.Message.Contains("in use"), busy?.Message ?? "no error");
        }

        Check("detection-off-while-pir-inactive", !service.DetectionEnabled, $"{service.DetectionEnabled}");
        SimPull(5, up: true);
        Check("pir-enables-detection", WaitFor(() => service.DetectionEnabled), $"{service.DetectionEnabled}");

        service.OnFrame(Face, 640, 480);
        Check("face-drives-lines", SimValue(1) == 1 && SimValue(2) == 0 && SimValue(3) == 1,
            $"lamp={SimValue(1)} relay={SimValue(2)} bell={SimValue(3)}");
        Check("pulse-ends", WaitFor(() => SimValue(3) == 0), $"bell={SimValue(3)}");
        Check("hold-ends-without-frames", WaitFor(() => SimValue(1) == 0 && SimValue(2) == 1), $"lamp={SimValue(1)} relay={SimValue(2)}");

        SimPull(5, up: false);
        Check("pir-disables-detection", WaitFor(() => !service.DetectionEnabled), $"{service.DetectionEnabled}");

        service.OnFrame(Face, 640, 480);
        Check("active-before-shutdown", SimValue(1) == 1 && SimValue(2) == 0, $"lamp={SimValue(1)} relay={SimValue(2)}");
        service.Dispose();
        // After release gpio-sim returns every line to its pull (pull-down by default): an active-low line therefore
        // ends up physically LOW, i.e. "active" for its load. Real pin controllers keep the last level instead.
        Check("released-lines-follow-pull", SimValue(1) == 0 && SimValue(2) == 0, $"lamp={SimValue(1)} relay={SimValue(2)}");
        using (var chip = GpioChip.Open("gpiochip0"))
            Check("lines-released", !chip.GetLineInfo(1).Used && !chip.GetLineInfo(5).Used, $"{chip.GetLineInfo(1)}");

        EdgeEvents();
    }

    private void EdgeEvents()
    {
        using var chip = GpioChip.Open("gpiochip0");
        SimPull(6, up: false);
        using var req = chip.Request(6, GpioLineSettings.InputLine(), "edgeface:edges");
        Check("no-event-yet", !req.WaitForEvent(100), "");
        // With both edges requested the kernel decides rising/falling by reading the line level in its threaded
        // interrupt handler, not from the edge itself: two flips faster than that thread runs (easily the case
        // under TCG) are both reported with the level at read time. So each edge is awaited before the next flip.
        var events = new List<GpioEdgeEvent>();
        var buf = new GpioEdgeEvent[16];
        void Collect(int want)
        {
            var until = DateTime.UtcNow.AddSeconds(5);
            while (events.Count < want && DateTime.UtcNow < until)
                if (req.WaitForEvent(200)) { int n = req.ReadEvents(buf); for (int i = 0; i < n; i++) events.Add(buf[i]); }
        }
        SimPull(6, up: true);
        Collect(1);
        SimPull(6, up: false);
        Collect(2);
        Check("edge-events", events.Count == 2 && events[0].Rising && !events[1].Rising && events[0].Offset == 6
            && events[1].LineSeqno == events[0].LineSeqno + 1 && events[1].TimestampNs >= events[0].TimestampNs,
            string.Join(", ", events));
        Check("value-after-edges", !req.GetValue(), $"{req.GetValue()}");
    }
}
