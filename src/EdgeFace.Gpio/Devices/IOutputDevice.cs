namespace EdgeFace.Gpio.Devices;

/// <summary>What an output rule drives: a line (LED, relay) or a device on one (buzzer). Values are logical: active
/// means "on" whatever the wiring polarity.</summary>
public interface IOutputDevice : IDisposable
{
    string Name { get; }
    bool IsActive { get; }
    /// <summary>Switches the device; called on transitions only, from the frame thread or the service's timer.</summary>
    void Write(bool active);
}
