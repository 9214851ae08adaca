namespace EdgeFace.Gpio.Tests.Gpio;

/// <summary>Records every write, so tests see transitions (not just the final state).</summary>
public sealed class RecordingOutput(string name) : IGpioOutput
{
    public string Name => name;
    public bool IsActive { get; private set; }
    public List<bool> Writes { get; } = new();
    public bool Disposed { get; private set; }

    public void Write(bool active) { IsActive = active; Writes.Add(active); }
    public void Dispose() => Disposed = true;
}

public sealed class FakeInput(string name) : IGpioInput
{
    private readonly System.Collections.Concurrent.BlockingCollection<bool> _edges = new();
    public volatile bool Value;
    public string Name => name;
    public bool Read() => Value;

    public void Set(bool value) { Value = value; _edges.Add(value); }

    public bool WaitForEdge(int timeoutMs, out GpioEdgeEvent edge)
    {
        edge = default;
        if (!_edges.TryTake(out bool v, timeoutMs)) return false;
        edge = new GpioEdgeEvent(0, v, 0, 0);
        return true;
    }

    public void Dispose() { }
}

public sealed class FakeController : IGpioController
{
    public Dictionary<string, RecordingOutput> Outputs { get; } = new();
    public FakeInput Input { get; } = new("button");
    public List<GpioLineAddress> Requested { get; } = new();
    public bool Disposed { get; private set; }
    public string Backend => "fake";

    public IGpioOutput OpenOutput(GpioLineAddress address, bool activeLow, GpioDrive drive)
    {
        Requested.Add(address);
        return Outputs[address.Name] = new RecordingOutput(address.Name);
    }

    public IGpioInput OpenInput(GpioLineAddress address, bool activeLow, GpioBias bias, int debounceMs)
    {
        Requested.Add(address);
        return Input;
    }

    public void Dispose() => Disposed = true;
}
