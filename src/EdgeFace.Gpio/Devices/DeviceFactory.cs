using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Devices;

/// <summary>Builds the configured output and input devices on a board's controllers.</summary>
public static class DeviceFactory
{
    public static IOutputDevice OpenOutput(GpioBoard board, GpioOutputOptions o, string consumer)
    {
        var address = new GpioLineAddress(o.Name, o.Chip, o.Line, o.LineName);
        var traits = new GpioLineTraits($"{consumer}:{o.Name}", o.ActiveLow, GpioOutputOptions.ParseDrive(o.Drive) ?? GpioDrive.PushPull);
        return Opening(address, () =>
        {
            var line = board.Find(address, traits);
            return o.Device == "buzzer" ? new BuzzerOutput(o.Name, line, o.FrequencyHz) : (IOutputDevice)new LineOutput(o.Name, line);
        });
    }

    public static IInputDevice OpenInput(GpioBoard board, GpioInputOptions i, string consumer)
    {
        var address = new GpioLineAddress(i.Name, i.Chip, i.Line, i.LineName);
        var bias = GpioInputOptions.ParseBias(i.Bias) ?? GpioBias.AsIs;
        // a button debounces in its binding (on every backend); other inputs use the kernel's debounce
        var traits = new GpioLineTraits($"{consumer}:{i.Name}", i.ActiveLow, Bias: bias, DebounceMs: i.Device == "button" ? 0 : i.DebounceMs);
        return Opening(address, () =>
        {
            var line = board.Find(address, traits);
            return i.Device switch
            {
                "pir" => new PirInput(i.Name, line),
                "button" => new ButtonInput(i.Name, line, bias, i.DebounceMs),
                _ => (IInputDevice)new LineInput(i.Name, line, bias),
            };
        });
    }

    // The package's drivers report kernel refusals (a line in use, no permission) as IOException or
    // InvalidOperationException without saying which configured line it was: name it.
    private static T Opening<T>(GpioLineAddress address, Func<T> open)
    {
        try { return open(); }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            string hint = e.Message.Contains("busy", StringComparison.OrdinalIgnoreCase) ? " — the line may be in use by another consumer (see gpioinfo)" : "";
            throw new GpioException($"GPIO {address}: {e.Message}{hint}");
        }
    }
}
