namespace EdgeFace.Gpio.Devices;

/// <summary>What switches detection: a line's level, a PIR sensor's motion, a button being held.</summary>
public interface IInputDevice : IDisposable
{
    string Name { get; }

    /// <summary>The current logical state (read from the hardware where the device allows).</summary>
    bool IsActive { get; }

    /// <summary>Raised on the driver's event thread when the state may have changed: read <see cref="IsActive"/>.</summary>
    event Action? Changed;
}
