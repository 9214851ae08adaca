using System.Device.Gpio;
using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>A plain input line (door contact, a sensor's digital output) watched for edges through its controller.</summary>
public sealed class LineInput : IInputDevice
{
    private readonly BoardLine _line;
    private readonly PinChangeEventHandler _onEdge;

    public LineInput(string name, BoardLine line, GpioBias bias)
    {
        Name = name;
        _line = line;
        // Pull resistors the package can name go through the mode; other traits reached the driver beforehand.
        var mode = bias switch { GpioBias.PullUp => PinMode.InputPullUp, GpioBias.PullDown => PinMode.InputPullDown, _ => PinMode.Input };
        line.Controller.OpenPin(line.Pin, mode);
        _onEdge = (_, _) => Changed?.Invoke();
        line.Controller.RegisterCallbackForPinValueChangedEvent(line.Pin, PinEventTypes.Rising | PinEventTypes.Falling, _onEdge);
    }

    public string Name { get; }
    public bool IsActive => _line.IsActive(_line.Controller.Read(_line.Pin));
    public event Action? Changed;

    public void Dispose()
    {
        _line.Controller.UnregisterCallbackForPinValueChangedEvent(_line.Pin, _onEdge);
        _line.Controller.ClosePin(_line.Pin);
    }
}
