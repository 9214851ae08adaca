using System.Device.Gpio;

namespace EdgeFace.Gpio.Chardev;

/// <summary>
/// A System.Device.Gpio driver for one chip that talks to the Linux GPIO character device (uAPI v2) itself, without a
/// native library. It exists for what the package's own drivers cannot do: its line requests carry active-low,
/// open-drain/open-source drive, any bias (also for bindings that only ask for <see cref="PinMode.Input"/>), kernel
/// debounce and a consumer label per line (<see cref="Prepare"/>), and it needs no libgpiod.
/// </summary>
/// <remarks>
/// Values through this driver are logical: with active-low the kernel inverts, so <see cref="PinValue.High"/> means
/// active. A pin is requested from the kernel when its mode is set and stays requested until it is closed; a mode
/// change reconfigures the held request, so the line never passes through an unowned state. Inputs are always
/// requested with both edges, and one thread per watched input waits for them.
/// </remarks>
public sealed class ChardevGpioDriver : GpioDriver, ILineTraitsDriver
{
    private readonly GpioChip _chip;
    private readonly string _consumer;
    private readonly object _gate = new();
    private readonly Dictionary<int, ChardevPin> _pins = new();
    private readonly Dictionary<int, GpioLineTraits> _traits = new();

    /// <param name="chip">Device path, kernel name, number or label, as <see cref="GpioChip.Open"/> takes it.</param>
    /// <param name="consumer">Label for lines without prepared traits.</param>
    public ChardevGpioDriver(string chip, string consumer = "edgeface")
    {
        _chip = GpioChip.Open(chip);
        _consumer = consumer;
    }

    /// <summary>True when this machine has at least one GPIO chip and the process can use the ABI.</summary>
    public static bool IsAvailable => GpioChip.IsSupportedProcess && GpioChip.ListDevicePaths().Count > 0;

    public GpioChipInfo Info => _chip.Info;
    public string DevicePath => _chip.DevicePath;

    protected override int PinCount => _chip.Info.LineCount;

    public void Prepare(int offset, GpioLineTraits traits)
    {
        lock (_gate) _traits[offset] = traits;
    }

    protected override void OpenPin(int pinNumber)
    {
        if ((uint)pinNumber >= (uint)PinCount)
            throw new GpioException($"{_chip.Info.Name} ({_chip.Info.Label}) has lines 0..{PinCount - 1}; line {pinNumber} does not exist");
        lock (_gate) _pins.TryAdd(pinNumber, new ChardevPin(pinNumber));
    }

    protected override void ClosePin(int pinNumber)
    {
        ChardevPin? pin;
        lock (_gate)
        {
            if (!_pins.Remove(pinNumber, out pin)) return;
        }
        pin.Dispose();
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        var pin = Pin(pinNumber);
        GpioLineTraits traits;
        lock (_gate) traits = _traits.GetValueOrDefault(pinNumber) ?? new GpioLineTraits(_consumer);
        var settings = mode == PinMode.Output
            ? GpioLineSettings.OutputLine(traits.ActiveLow, traits.Drive) with { InitialActive = initialValue == PinValue.High }
            : GpioLineSettings.InputLine(traits.ActiveLow, mode switch
            {
                PinMode.InputPullUp => GpioBias.PullUp,
                PinMode.InputPullDown => GpioBias.PullDown,
                _ => traits.Bias,
            }, traits.DebounceMs);
        pin.SetMode(mode, settings, () => _chip.Request(pinNumber, settings, traits.Consumer));
    }

    protected override PinMode GetPinMode(int pinNumber) => Pin(pinNumber).Mode;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber) => Pin(pinNumber).Request.GetValue(0) ? PinValue.High : PinValue.Low;

    protected override void Write(int pinNumber, PinValue value) => Pin(pinNumber).Request.SetValue(0, value == PinValue.High);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        Pin(pinNumber).AddCallback(eventTypes, callback, this);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        Pin(pinNumber).RemoveCallback(callback);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var pin = Pin(pinNumber);
        using var arrived = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        void OnEdge(object sender, PinValueChangedEventArgs e) { seen = e.ChangeType; arrived.Set(); }
        pin.AddCallback(eventTypes, OnEdge, this);
        try
        {
            bool happened;
            try { happened = arrived.Wait(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { happened = false; }
            return new WaitForEventResult { TimedOut = !happened, EventTypes = happened ? seen : PinEventTypes.None };
        }
        finally { pin.RemoveCallback(OnEdge); }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ChardevPin[] pins;
            lock (_gate) { pins = _pins.Values.ToArray(); _pins.Clear(); }
            foreach (var p in pins) p.Dispose();
            _chip.Dispose();
        }
        base.Dispose(disposing);
    }

    private ChardevPin Pin(int pinNumber)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pinNumber, out var pin) ? pin
                : throw new InvalidOperationException($"{_chip.Info.Name} line {pinNumber} is not open");
        }
    }
}
