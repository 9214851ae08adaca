using Iot.Device.Hcsr501;
using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>An HC-SR501 PIR motion sensor (Iot.Device.Hcsr501) on its chip's controller: active while it reports motion.</summary>
public sealed class PirInput : IInputDevice
{
    private readonly BoardLine _line;
    private readonly Hcsr501 _sensor;

    public PirInput(string name, BoardLine line)
    {
        Name = name;
        _line = line;
        // shouldDispose false: the controller belongs to the board (other lines of the chip share it)
        _sensor = new Hcsr501(line.Pin, line.Controller, shouldDispose: false);
        _sensor.Hcsr501ValueChanged += OnValueChanged;
    }

    public string Name { get; }
    // the binding reads "motion" as a high pin; an inverted wiring is undone here when the driver cannot do it
    public bool IsActive => _sensor.IsMotionDetected != _line.SoftwareInvert;
    public event Action? Changed;

    private void OnValueChanged(object sender, Hcsr501ValueChangedEventArgs e) => Changed?.Invoke();

    public void Dispose()
    {
        _sensor.Hcsr501ValueChanged -= OnValueChanged;
        _sensor.Dispose();
        // Hcsr501 leaves a shared controller's pin open and its callbacks registered: release the line here.
        if (_line.Controller.IsPinOpen(_line.Pin)) _line.Controller.ClosePin(_line.Pin);
    }
}
