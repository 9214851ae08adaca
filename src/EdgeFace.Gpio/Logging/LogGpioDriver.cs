using System.Device.Gpio;
using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Gpio.Logging;

/// <summary>
/// A System.Device.Gpio driver without hardware: outputs log their transitions under the name given in
/// <see cref="Prepare"/>, inputs read low and never change. Used when no GPIO is configured or the machine has no GPIO
/// chip, so rules (and the device bindings on top) can be tried out on a laptop.
/// </summary>
public sealed class LogGpioDriver : GpioDriver, ILineTraitsDriver
{
    /// <summary>Pins of one simulated chip: offsets up to 1023 as the configuration allows, then room for lines
    /// that were named instead of numbered.</summary>
    public const int Lines = 2048;

    private readonly object _gate = new();
    private readonly Dictionary<int, (PinMode Mode, PinValue Value)> _pins = new();
    private readonly Dictionary<int, GpioLineTraits> _traits = new();

    protected override int PinCount => Lines;

    public void Prepare(int offset, GpioLineTraits traits)
    {
        lock (_gate) _traits[offset] = traits;
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate) _pins.TryAdd(pinNumber, (PinMode.Input, PinValue.Low));
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate) _pins.Remove(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_gate)
        {
            _pins[pinNumber] = (mode, mode == PinMode.Output ? initialValue : PinValue.Low);
            var traits = _traits.GetValueOrDefault(pinNumber);
            Log.Info("gpio", mode == PinMode.Output
                ? $"log backend: output {Label(pinNumber)} would be driven here ({(traits?.ActiveLow == true ? "active-low" : "active-high")}, {traits?.Drive ?? GpioDrive.PushPull})"
                : $"log backend: input {Label(pinNumber)} stays inactive (no GPIO hardware)");
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate) return _pins.TryGetValue(pinNumber, out var p) ? p.Mode : throw NotOpen(pinNumber);
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate) return _pins.TryGetValue(pinNumber, out var p) ? p.Value : throw NotOpen(pinNumber);
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            if (!_pins.TryGetValue(pinNumber, out var p)) throw NotOpen(pinNumber);
            if (p.Value == value) return;
            _pins[pinNumber] = (p.Mode, value);
            // values are logical here, as through the character device: the driver stands for the kernel's active-low
            Log.Info("gpio", $"output {Label(pinNumber)} -> {(value == PinValue.High ? "active" : "inactive")}");
        }
    }

    // Nothing ever happens on a line that does not exist: callbacks are accepted and never called.
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) { }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne();
        return new WaitForEventResult { TimedOut = true, EventTypes = PinEventTypes.None };
    }

    private string Label(int pinNumber) =>
        _traits.TryGetValue(pinNumber, out var t) && t.Consumer.IndexOf(':') is int colon and >= 0 ? $"'{t.Consumer[(colon + 1)..]}'" : $"line {pinNumber}";

    private static InvalidOperationException NotOpen(int pinNumber) => new($"log backend: line {pinNumber} is not open");
}
