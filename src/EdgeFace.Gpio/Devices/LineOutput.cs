using System.Device.Gpio;
using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>A plain output line through its chip's <see cref="GpioController"/>: LED, relay, active buzzer.</summary>
public sealed class LineOutput : IOutputDevice
{
    private readonly BoardLine _line;
    private bool _disposed;

    public LineOutput(string name, BoardLine line)
    {
        Name = name;
        _line = line;
        // Requested already driving the inactive level, so an active-low relay does not click on at start.
        line.Controller.OpenPin(line.Pin, PinMode.Output, line.ValueFor(false));
    }

    public string Name { get; }
    public bool IsActive { get; private set; }

    public void Write(bool active)
    {
        if (_disposed) return;
        _line.Write(active);
        IsActive = active;
    }

    public void Dispose()
    {
        if (_disposed) return;
        // Drive inactive before the release: after close the kernel no longer guarantees any level.
        try { _line.Write(false); } catch (Exception e) when (e is GpioException or IOException or InvalidOperationException) { }
        IsActive = false;
        _disposed = true;
        _line.Controller.ClosePin(_line.Pin);
    }
}
