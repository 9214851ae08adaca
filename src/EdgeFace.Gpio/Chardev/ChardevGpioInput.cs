namespace EdgeFace.Gpio.Chardev;

internal sealed class ChardevGpioInput : IGpioInput
{
    private readonly GpioLineRequest _request;
    private readonly GpioEdgeEvent[] _buffer = new GpioEdgeEvent[16];
    private int _buffered, _next;

    public ChardevGpioInput(string name, GpioLineRequest request)
    {
        Name = name;
        _request = request;
    }

    public string Name { get; }

    public bool Read() => _request.GetValue(0);

    public bool WaitForEdge(int timeoutMs, out GpioEdgeEvent edge)
    {
        if (_next >= _buffered)
        {
            _next = _buffered = 0;
            if (!_request.WaitForEvent(timeoutMs)) { edge = default; return false; }
            _buffered = _request.ReadEvents(_buffer);
            if (_buffered == 0) { edge = default; return false; }
        }
        edge = _buffer[_next++];
        return true;
    }

    public void Dispose() => _request.Dispose();
}
