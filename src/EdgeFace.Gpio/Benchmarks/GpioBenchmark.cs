using System.Diagnostics;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Devices;
using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;

namespace EdgeFace.Gpio.Benchmarks;

/// <summary>
/// Per-frame cost of the GPIO rules, and (when a chip is given) the cost of one line write through the kernel,
/// which bounds how fast a pulse can be and how much a transition costs the pipeline thread.
/// </summary>
public static class GpioBenchmark
{
    public static void Run(TextWriter output, string? chip = null, int chipOffset = 0, double scale = 1.0)
    {
        int n = Math.Max(1, (int)(1_000_000 * scale));
        var options = new GpioOptions
        {
            Zones = { ["door"] = [0.5f, 0f, 0.5f, 1f] },
            Outputs =
            [
                new() { Name = "a", Line = 0, HoldMs = 2000 },
                new() { Name = "b", Line = 1, Mode = "pulse", When = new() { MinScore = 0.8f, Zone = "door" } },
                new() { Name = "c", Line = 2, When = new() { MinFaces = 2, MinFacePx = 60 } },
            ],
        };
        var outputs = options.Outputs.Select(o => (IOutputDevice)new NullOutput(o.Name)).ToList();
        var engine = GpioRulesEngine.Create(options, outputs, TimeProvider.System);
        var faces = new FaceDetection[5];
        for (int i = 0; i < faces.Length; i++) faces[i] = new FaceDetection(new RectangleF(60 + 110 * i, 100, 50 + 10 * i, 60 + 10 * i), 0.5f + 0.1f * i);

        Report(output, "GpioRulesEngine.OnFrame (3 rules, 5 faces)", n, () => engine.OnFrame(faces, 640, 480));
        Report(output, "GpioRulesEngine.Tick (3 rules)", n, engine.Tick);

        if (chip is null) return;
        using var gpioChip = GpioChip.Open(chip);
        var line = gpioChip.Request(chipOffset, GpioLineSettings.OutputLine(), "edgeface:bench");
        bool value = false;
        Report(output, $"GpioLineRequest.SetValue ({gpioChip.Info.Label})", Math.Max(1, n / 20), () => line.SetValue(0, value = !value));
        Report(output, $"GpioLineRequest.GetValue ({gpioChip.Info.Label})", Math.Max(1, n / 20), () => line.GetValue());
        line.Dispose();

        // The same line through System.Device.Gpio's GpioController on EdgeFace's driver: what a rule transition costs.
        using var board = new GpioBoard("chardev", "benchmark", path => new ChardevGpioDriver(path), realChips: true);
        var found = board.Find(new GpioLineAddress("bench", chip, chipOffset, null), new GpioLineTraits("edgeface:bench"));
        var lamp = new LineOutput("bench", found);
        bool on = false;
        Report(output, $"LineOutput.Write via GpioController ({gpioChip.Info.Label})", Math.Max(1, n / 20), () => lamp.Write(on = !on));
        lamp.Dispose();

        // And through the package's LibGpiodDriver, where libgpiod is installed (its own per-write bookkeeping shows in B/op).
        if (GpioMachine.Current.LibgpiodVersion(out _) is not { } version) return;
        using var libgpiodBoard = new GpioBoard("libgpiod", "benchmark", path => new System.Device.Gpio.Drivers.LibGpiodDriver(GpioChipNumber.Of(path)), realChips: true);
        using var viaLibgpiod = new LineOutput("bench", libgpiodBoard.Find(new GpioLineAddress("bench", chip, chipOffset, null), new GpioLineTraits("edgeface:bench")));
        Report(output, $"LineOutput.Write via LibGpiodDriver {version}", Math.Max(1, n / 20), () => viaLibgpiod.Write(on = !on));
    }

    private static void Report(TextWriter output, string name, int iterations, Action action)
    {
        for (int i = 0; i < Math.Max(10, iterations / 10); i++) action();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++) action();
        double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
        double alloc = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)iterations;
        output.WriteLine($"{name,-44} {ns,12:0.0} ns/op {alloc,10:0.#} B/op  ({iterations} iterations)");
    }

    private sealed class NullOutput(string name) : IOutputDevice
    {
        public string Name => name;
        public bool IsActive { get; private set; }
        public void Write(bool active) => IsActive = active;
        public void Dispose() { }
    }
}
