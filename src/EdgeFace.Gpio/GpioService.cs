using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Devices;
using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;

namespace EdgeFace.Gpio;

/// <summary>
/// GPIO for the daemon: opens the configured devices on System.Device.Gpio controllers (<see cref="GpioBoard"/>),
/// applies the rules to every detection result, follows the optional input and says whether detection is enabled.
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
    private readonly GpioBoard _board;
    private readonly GpioRulesEngine _engine;
    private readonly List<IOutputDevice> _outputs;
    private readonly IInputDevice? _input;
    private readonly DetectionSwitch? _switch;
    private readonly ITimer _timer;
    private bool _disposed;

    private GpioService(GpioBoard board, List<IOutputDevice> outputs, IInputDevice? input, InputAction action, GpioRulesEngine engine, TimeProvider clock)
    {
        _board = board;
        _outputs = outputs;
        _engine = engine;
        _input = input;
        if (input is not null)
        {
            _switch = new DetectionSwitch(action, input.IsActive);
            input.Changed += OnInputChanged;
        }
        // Holds end between frames too (the camera may stall or detection may be paused): a 10 ms timer is plenty
        // for relay/LED timing and costs nothing measurable.
        _timer = clock.CreateTimer(_ => Tick(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
    }

    /// <summary>The backend behind every controller (<c>libgpiod</c>, <c>chardev</c> or <c>log</c>).</summary>
    public string Backend => _board.Backend;

    /// <summary>False while the input (per its action) pauses detection. Always true without an input.</summary>
    public bool DetectionEnabled => _switch?.Enabled ?? true;

    /// <summary>Raised (on the driver's event thread) when <see cref="DetectionEnabled"/> changes.</summary>
    public event Action<bool>? DetectionEnabledChanged;

    public IReadOnlyList<OutputRule> Rules => _engine.Rules;

    /// <summary>Current logical state of each output, by name (for stats).</summary>
    public IEnumerable<(string Name, bool Active)> OutputStates
    {
        get { lock (_gate) return _outputs.Select(o => (o.Name, o.IsActive)).ToList(); }
    }

    /// <summary>
    /// Opens the devices of validated options. The backend follows <c>gpio.backend</c> (<see cref="BackendChoice"/>);
    /// one log line says which and why. <paramref name="board"/> replaces the chosen one (tests).
    /// </summary>
    public static GpioService Start(GpioOptions options, TimeProvider? clock = null, GpioBoard? board = null)
    {
        clock ??= TimeProvider.System;
        board ??= GpioBoard.Open(options);
        var outputs = new List<IOutputDevice>();
        IInputDevice? input = null;
        try
        {
            foreach (var o in options.Outputs) outputs.Add(DeviceFactory.OpenOutput(board, o, options.Consumer));
            // Without GPIO hardware (log backend) an input can never change: it must not hold detection off for
            // ever, whichever action it has. Detection runs, as with no input configured.
            if (options.Input is { } i && board.LogOnly)
                Log.Warn("gpio", $"input '{i.Name}' has no GPIO line on this machine ({board.Backend} backend): it is ignored and detection stays on");
            else if (options.Input is { } i2)
                input = DeviceFactory.OpenInput(board, i2, options.Consumer);
        }
        catch
        {
            foreach (var o in outputs) o.Dispose();
            input?.Dispose();
            board.Dispose();
            throw;
        }
        var engine = GpioRulesEngine.Create(options, outputs, clock);
        var action = options.Input is { } inOpt ? GpioInputOptions.ParseAction(inOpt.Action) ?? InputAction.EnableDetection : InputAction.EnableDetection;
        Log.Info("gpio", $"{board.Backend} backend ({board.Reason}): {outputs.Count} output(s){(input is not null ? $", input '{input.Name}' ({options.Input!.Device}, {options.Input.Action})" : "")}");
        return new GpioService(board, outputs, input, action, engine, clock);
    }

    /// <summary>Feeds the detections of one frame that ran detection. Allocation-free.</summary>
    public void OnFrame(ReadOnlySpan<FaceDetection> faces, int frameWidth, int frameHeight) => OnFrame(faces, default, frameWidth, frameHeight);

    /// <summary>One frame's faces with their tracked signals (same order), for rules on facing, eyes or yawns.</summary>
    public void OnFrame(ReadOnlySpan<FaceDetection> faces, ReadOnlySpan<FaceSignals> signals, int frameWidth, int frameHeight)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _engine.OnFrame(faces, signals, frameWidth, frameHeight);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed) return;
            try { _engine.Tick(); }
            catch (Exception e) when (e is GpioException or IOException or InvalidOperationException) { Log.Error("gpio", e.Message); }
        }
    }

    private void OnInputChanged()
    {
        try
        {
            bool value, changed;
            lock (_gate)
            {
                if (_disposed) return;
                // Read the level instead of trusting the edge direction: bursts may have been merged or lost.
                value = _input!.IsActive;
                changed = _switch!.OnInput(value);
            }
            if (!changed) return;
            Log.Info("gpio", $"input '{_input.Name}' {(value ? "active" : "inactive")}: detection {(DetectionEnabled ? "enabled" : "disabled")}");
            DetectionEnabledChanged?.Invoke(DetectionEnabled);
        }
        catch (Exception e) when (e is GpioException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            Log.Error("gpio", $"input '{_input!.Name}': {e.Message}");
        }
    }

    /// <summary>Drives all outputs inactive and releases every line.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        // Outside the lock: releasing the input waits for its event thread, which may be waiting for the lock.
        if (_input is not null)
        {
            _input.Changed -= OnInputChanged;
            _input.Dispose();
        }
        lock (_gate)
        {
            try { _engine.AllInactive(); } catch (Exception e) when (e is GpioException or IOException or InvalidOperationException) { Log.Error("gpio", e.Message); }
            foreach (var o in _outputs) o.Dispose();
            _board.Dispose();
        }
    }
}
