using System.Device.Gpio;
using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Devices;

namespace EdgeFace.Gpio.Tests.Gpio;

/// <summary>Records every write, so tests see transitions (not just the final state).</summary>
public sealed class RecordingOutput(string name) : IOutputDevice
{
    public string Name => name;
    public bool IsActive { get; private set; }
    public List<bool> Writes { get; } = new();
    public bool Disposed { get; private set; }

    public void Write(bool active) { IsActive = active; Writes.Add(active); }
    public void Dispose() => Disposed = true;
}

/// <summary>
/// An in-memory chip behind a real <see cref="GpioController"/>, like the package's drivers: it knows pin modes and
/// nothing of active-low, drive or debounce. Tests move inputs with <see cref="SetInput"/> (edges reach the registered
/// callbacks on a thread of their own, as a driver's event thread would) and read what outputs were driven.
/// </summary>
public class FakeGpioDriver : GpioDriver
{
    private readonly object _gate = new();
    private readonly Dictionary<int, (PinMode Mode, PinValue Value)> _pins = new();
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Callback)>> _callbacks = new();

    public List<(int Pin, PinValue Value)> Writes { get; } = new();
    public List<(int Pin, PinMode Mode)> Modes { get; } = new();
    public bool Disposed { get; private set; }

    protected override int PinCount => 64;

    public PinValue ValueOf(int pin) { lock (_gate) return _pins[pin].Value; }
    public bool IsOpen(int pin) { lock (_gate) return _pins.ContainsKey(pin); }
    public int WriteCount(int pin) { lock (_gate) return Writes.Count(w => w.Pin == pin); }
    public int Callbacks(int pin) { lock (_gate) return _callbacks.GetValueOrDefault(pin)?.Count ?? 0; }

    /// <summary>Moves an input's level; a change is delivered as an edge on another thread, as real drivers do.</summary>
    public void SetInput(int pin, PinValue value)
    {
        (PinEventTypes, PinChangeEventHandler)[] targets;
        PinEventTypes edge;
        lock (_gate)
        {
            var p = _pins[pin];
            if (p.Value == value) return;
            _pins[pin] = (p.Mode, value);
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            targets = _callbacks.GetValueOrDefault(pin)?.ToArray() ?? [];
        }
        var args = new PinValueChangedEventArgs(edge, pin);
        var thread = new Thread(() => { foreach (var (types, cb) in targets) if ((types & edge) != 0) cb(this, args); });
        thread.Start();
        thread.Join();
    }

    protected override void OpenPin(int pinNumber) { lock (_gate) _pins.TryAdd(pinNumber, (PinMode.Input, PinValue.Low)); }
    protected override void ClosePin(int pinNumber) { lock (_gate) { _pins.Remove(pinNumber); _callbacks.Remove(pinNumber); } }
    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_gate)
        {
            var value = mode == PinMode.Output ? initialValue
                : mode == PinMode.InputPullUp ? PinValue.High : mode == PinMode.InputPullDown ? PinValue.Low : _pins[pinNumber].Value;
            _pins[pinNumber] = (mode, value);
            Modes.Add((pinNumber, mode));
        }
    }
    protected override PinMode GetPinMode(int pinNumber) { lock (_gate) return _pins[pinNumber].Mode; }
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;
    protected override PinValue Read(int pinNumber) { lock (_gate) return _pins[pinNumber].Value; }
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            _pins[pinNumber] = (_pins[pinNumber].Mode, value);
            WriteTotal++;
            if (RecordWrites) Writes.Add((pinNumber, value));
        }
    }

    /// <summary>Every write, counted without allocating.</summary>
    public long WriteTotal { get; private set; }

    /// <summary>Off for allocation measurements (the list grows).</summary>
    public bool RecordWrites { get; set; } = true;

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list)) _callbacks[pinNumber] = list = new();
            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate) _callbacks.GetValueOrDefault(pinNumber)?.RemoveAll(c => c.Callback == callback);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("EdgeFace uses callbacks");

    protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
}

/// <summary>The same chip, but taking line traits beforehand, as EdgeFace's character-device driver does.</summary>
public sealed class FakeTraitsDriver : FakeGpioDriver, ILineTraitsDriver
{
    public Dictionary<int, GpioLineTraits> Traits { get; } = new();
    public void Prepare(int offset, GpioLineTraits traits) => Traits[offset] = traits;
}

public static class FakeBoard
{
    /// <summary>A board whose every chip is <paramref name="driver"/> (chips and line names are not looked up).</summary>
    public static GpioBoard Over(FakeGpioDriver driver, string backend = "fake") =>
        new(backend, "test", _ => driver, realChips: false);
}
