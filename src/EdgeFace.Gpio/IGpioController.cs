namespace EdgeFace.Gpio;

/// <summary>
/// Hands out named output and input lines. Two drivers: the Linux character device
/// (<see cref="Chardev.ChardevGpioController"/>) and a log-only one (<see cref="Logging.LogGpioController"/>) for
/// machines without GPIO. A build that can reach System.Device.Gpio could add a third behind this interface.
/// </summary>
public interface IGpioController : IDisposable
{
    /// <summary>Human-readable backend name for logs and stats (e.g. <c>chardev</c>, <c>log</c>).</summary>
    string Backend { get; }

    /// <summary>Requests an output line, driven inactive at first.</summary>
    IGpioOutput OpenOutput(GpioLineAddress address, bool activeLow, GpioDrive drive);

    /// <summary>Requests an input line with edge events.</summary>
    IGpioInput OpenInput(GpioLineAddress address, bool activeLow, GpioBias bias, int debounceMs);
}
