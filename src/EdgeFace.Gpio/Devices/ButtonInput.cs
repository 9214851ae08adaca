using Iot.Device.Button;
using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>A push button (Iot.Device.Button's GpioButton) on its chip's controller: active while pressed.</summary>
public sealed class ButtonInput : IInputDevice
{
    private readonly GpioButton _button;

    /// <param name="debounceMs">The binding's own (software) debounce, so it works on every backend.</param>
    public ButtonInput(string name, BoardLine line, GpioBias bias, int debounceMs)
    {
        Name = name;
        // GpioButton's "pull-up" means "pressed reads low". The values it sees are logical where the driver applies
        // active-low (pressed reads high) and physical where EdgeFace inverts in software (pressed reads low when
        // wired active-low): the same rule either way.
        bool pressedReadsLow = line.SoftwareInvert;
        // With "no external resistor" the binding asks for the pull that matches its polarity; EdgeFace's drivers got
        // the configured bias beforehand, so there the binding asks for a plain input.
        bool bindingSetsPull = !line.DriverTakesTraits && bias is GpioBias.PullUp or GpioBias.PullDown;
        _button = new GpioButton(line.Pin, isPullUp: pressedReadsLow, hasExternalResistor: !bindingSetsPull, gpio: line.Controller,
            shouldDispose: false, debounceTime: TimeSpan.FromMilliseconds(debounceMs));
        _button.ButtonDown += OnChange;
        _button.ButtonUp += OnChange;
    }

    public string Name { get; }
    public bool IsActive => _button.IsPressed;
    public event Action? Changed;

    private void OnChange(object? sender, EventArgs e) => Changed?.Invoke();

    public void Dispose()
    {
        _button.ButtonDown -= OnChange;
        _button.ButtonUp -= OnChange;
        _button.Dispose();
    }
}
