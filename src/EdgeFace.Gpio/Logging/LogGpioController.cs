using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Gpio.Logging;

/// <summary>
/// A GPIO backend without hardware: outputs log their transitions, inputs never change. Used when no GPIO is
/// configured or the machine has no GPIO chip, so rules can be tried out on a laptop.
/// </summary>
public sealed class LogGpioController : IGpioController
{
    public const string Name = "log";

    public string Backend => Name;

    public IGpioOutput OpenOutput(GpioLineAddress address, bool activeLow, GpioDrive drive)
    {
        Log.Info("gpio", $"log backend: output {address} would be driven here ({(activeLow ? "active-low" : "active-high")}, {drive})");
        return new LogGpioOutput(address.Name);
    }

    public IGpioInput OpenInput(GpioLineAddress address, bool activeLow, GpioBias bias, int debounceMs)
    {
        Log.Info("gpio", $"log backend: input {address} stays inactive (no GPIO hardware)");
        return new LogGpioInput(address.Name);
    }

    public void Dispose() { }

    private sealed class LogGpioOutput(string name) : IGpioOutput
    {
        public string Name => name;
        public bool IsActive { get; private set; }

        public void Write(bool active)
        {
            if (active == IsActive) return;
            IsActive = active;
            Log.Info("gpio", $"output '{name}' -> {(active ? "active" : "inactive")}");
        }

        public void Dispose() => Write(false);
    }

    private sealed class LogGpioInput(string name) : IGpioInput
    {
        public string Name => name;
        public bool Read() => false;

        public bool WaitForEdge(int timeoutMs, out GpioEdgeEvent edge)
        {
            // Nothing ever happens on a line that does not exist; honour the timeout so callers' loops stay responsive.
            if (timeoutMs > 0) Thread.Sleep(timeoutMs);
            edge = default;
            return false;
        }

        public void Dispose() { }
    }
}
