namespace EdgeFace.Gpio.Chardev;

internal sealed class ChardevGpioOutput : IGpioOutput
{
    private readonly GpioLineRequest _request;
    private bool _disposed;

    public ChardevGpioOutput(string name, GpioLineRequest request)
    {
        Name = name;
        _request = request;
    }

    public string Name { get; }
    public bool IsActive { get; private set; }

    public void Write(bool active)
    {
        if (_disposed) return;
        _request.SetValue(0, active);
        IsActive = active;
    }

    public void Dispose()
    {
        if (_disposed) return;
        // Drive inactive before the release: after close the kernel no longer guarantees any level.
        try { _request.SetValue(0, false); } catch (GpioException) { }
        IsActive = false;
        _disposed = true;
        _request.Dispose();
    }
}
