using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Logging;
using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;

namespace EdgeFace.Gpio;

/// <summary>
/// GPIO for the daemon: opens the configured lines, applies the rules to every detection result, watches the
/// optional input line and says whether detection is enabled.
/// </summary>
/// <remarks>
/// Lines are driven inactive and released on <see cref="Dispose"/>. If the process dies instead (crash, SIGKILL,
/// watchdog abort), the kernel closes the line request fd and frees the lines without writing a value first. The
/// uAPI only guarantees a line's state while the request fd is open; after that the level is whatever the GPIO
/// driver does on free: SoC pin controllers (Raspberry Pi, Rockchip, Jetson) leave the pin an output at its last
/// level, so a relay that was on stays on until EdgeFace restarts and requests the line again (which drives it
/// inactive at once); gpio-sim returns the line to its pull (checked in tests/vm/cases/70-gpio.sh), which for an
/// active-low line with the default pull-down means physically low, i.e. "active". Wire loads so the released/idle
/// level is the safe one, and rely on systemd's Restart= to bring the line back under control.
/// </remarks>
public sealed class GpioService : IDisposable
{
    private readonly object _gate = new();
    private readonly IGpioController _controller;
    private readonly GpioRulesEngine _engine;
    private readonly List<IGpioOutput> _outputs;
    private readonly IGpioInput? _input;
    private readonly DetectionSwitch? _switch;
    private readonly ITimer _timer;
    private readonly Thread? _inputThread;
    private volatile bool _stopping;
    private bool _disposed;

    private GpioService(IGpioController controller, List<IGpioOutput> outputs, IGpioInput? input, InputAction action, GpioRulesEngine engine, TimeProvider clock)
    {
        _controller = controller;
        _outputs = outputs;
        _engine = engine;
        _input = input;
        if (input is not null)
        {
            _switch = new DetectionSwitch(action, input.Read());
            _inputThread = new Thread(WatchInput) { IsBackground = true, Name = "gpio-input" };
            _inputThread.Start();
        }
        // Holds end between frames too (the camera may stall or detection may be paused): a 10 ms timer is plenty
        // for relay/LED timing and costs nothing measurable.
        _timer = clock.CreateTimer(_ => Tick(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
    }

    public string Backend => _controller.Backend;

    /// <summary>False while the input line (per its action) pauses detection. Always true without an input.</summary>
    public bool DetectionEnabled => _switch?.Enabled ?? true;

    /// <summary>Raised (on the input thread) when <see cref="DetectionEnabled"/> changes.</summary>
    public event Action<bool>? DetectionEnabledChanged;

    public IReadOnlyList<OutputRule> Rules => _engine.Rules;

    /// <summary>Current logical state of each output, by name (for stats).</summary>
    public IEnumerable<(string Name, bool Active)> OutputStates
    {
        get { lock (_gate) return _outputs.Select(o => (o.Name, o.IsActive)).ToList(); }
    }

    /// <summary>
    /// Opens the lines of validated options. Backend <c>auto</c> uses the character device when the machine has a GPIO
    /// chip and falls back to the log backend otherwise (with one log line saying so).
    /// </summary>
    public static GpioService Start(GpioOptions options, TimeProvider? clock = null, IGpioController? controller = null)
    {
        clock ??= TimeProvider.System;
        controller ??= CreateController(options);
        var outputs = new List<IGpioOutput>();
        IGpioInput? input = null;
        try
        {
            foreach (var o in options.Outputs)
            {
                var address = new GpioLineAddress(o.Name, o.Chip, o.Line, o.LineName);
                outputs.Add(controller.OpenOutput(address, o.ActiveLow, GpioOutputOptions.ParseDrive(o.Drive) ?? GpioDrive.PushPull));
            }
            // Without GPIO hardware (log backend) an input line can never change: it must not hold detection off
            // for ever, whichever action it has. Detection runs, as with no input configured.
            if (options.Input is { } i && controller.Backend == LogGpioController.Name)
                Log.Warn("gpio", $"input '{i.Name}' has no GPIO line on this machine ({controller.Backend} backend): it is ignored and detection stays on");
            else if (options.Input is { } i2)
                input = controller.OpenInput(new GpioLineAddress(i2.Name, i2.Chip, i2.Line, i2.LineName), i2.ActiveLow,
                    GpioInputOptions.ParseBias(i2.Bias) ?? GpioBias.AsIs, i2.DebounceMs);
        }
        catch
        {
            foreach (var o in outputs) o.Dispose();
            input?.Dispose();
            controller.Dispose();
            throw;
        }
        var engine = GpioRulesEngine.Create(options, outputs, clock);
        var action = options.Input is { } inOpt ? GpioInputOptions.ParseAction(inOpt.Action) ?? InputAction.EnableDetection : InputAction.EnableDetection;
        Log.Info("gpio", $"{controller.Backend} backend: {outputs.Count} output(s){(input is not null ? $", input '{input.Name}' ({options.Input!.Action})" : "")}");
        return new GpioService(controller, outputs, input, action, engine, clock);
    }

    /// <summary>Feeds the detections of one frame that ran detection. Allocation-free.</summary>
    public void OnFrame(ReadOnlySpan<FaceDetection> faces, int frameWidth, int frameHeight)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _engine.OnFrame(faces, frameWidth, frameHeight);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed) return;
            try { _engine.Tick(); }
            catch (GpioException e) { Log.Error("gpio", e.Message); }
        }
    }

    private void WatchInput()
    {
        while (!_stopping)
        {
            try
            {
                if (!_input!.WaitForEdge(200, out _)) continue;
                // Read the level instead of trusting the edge direction: bursts may have been merged or lost.
                bool value = _input.Read();
                bool changed;
                lock (_gate) changed = _switch!.OnInput(value);
                if (changed)
                {
                    Log.Info("gpio", $"input '{_input.Name}' {(value ? "active" : "inactive")}: detection {(DetectionEnabled ? "enabled" : "disabled")}");
                    DetectionEnabledChanged?.Invoke(DetectionEnabled);
                }
            }
            catch (Exception e) when (e is GpioException or ObjectDisposedException)
            {
                if (_stopping) return;
                Log.Error("gpio", $"input '{_input!.Name}': {e.Message}; input watching stops");
                return;
            }
        }
    }

    /// <summary>Drives all outputs inactive and releases every line.</summary>
    public void Dispose()
    {
        _stopping = true;
        _timer.Dispose();
        _inputThread?.Join(TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try { _engine.AllInactive(); } catch (GpioException e) { Log.Error("gpio", e.Message); }
            foreach (var o in _outputs) o.Dispose();
            _input?.Dispose();
            _controller.Dispose();
        }
    }

    private static IGpioController CreateController(GpioOptions options)
    {
        switch (options.Backend)
        {
            case "log":
                return new LogGpioController();
            case "chardev":
                return new ChardevGpioController(options.Consumer);
            default:
                if (ChardevGpioController.IsAvailable) return new ChardevGpioController(options.Consumer);
                Log.Warn("gpio", GpioChip.IsSupportedProcess
                    ? "no /dev/gpiochip* on this machine: GPIO outputs are only logged"
                    : "GPIO needs a 64-bit Linux process: GPIO outputs are only logged");
                return new LogGpioController();
        }
    }
}
