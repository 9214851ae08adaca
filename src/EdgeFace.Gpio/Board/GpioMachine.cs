using System.Device.Gpio.Drivers;
using EdgeFace.Gpio.Chardev;

namespace EdgeFace.Gpio.Board;

/// <summary>What this machine offers for GPIO, as backend selection needs to know it (a seam for tests).</summary>
public class GpioMachine
{
    public static GpioMachine Current { get; } = new();

    /// <summary>Device paths of the GPIO chips (empty where there are none or the process cannot use them).</summary>
    public virtual IReadOnlyList<string> Chips => GpioChip.IsSupportedProcess ? GpioChip.ListDevicePaths() : [];

    /// <summary>Why the character device cannot be used, or null when it can.</summary>
    public virtual string? ChardevUnusable =>
        !GpioChip.IsSupportedProcess ? "the GPIO uAPI definitions are for 64-bit Linux processes"
        : Chips.Count == 0 ? "no /dev/gpiochip* on this machine" : null;

    /// <summary>
    /// libgpiod as System.Device.Gpio finds it: its version (e.g. <c>1.6.3</c>) when <c>LibGpiodDriver</c> can open a
    /// chip, else null with <paramref name="why"/> saying what failed.
    /// </summary>
    public virtual string? LibgpiodVersion(out string why)
    {
        why = "";
        if (Chips.Count == 0) { why = "no GPIO chip to open"; return null; }
        try
        {
            using var driver = new LibGpiodDriver(GpioChipNumber.Of(Chips[0]));
            var info = driver.QueryComponentInformation();
            return info.Properties.TryGetValue("LibGpiodVersion", out var v) && v is { Length: > 0 } ? v : "1.x";
        }
        catch (Exception e) when (e is PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException or IOException or TypeInitializationException)
        {
            why = (e.InnerException ?? e).Message;
            return null;
        }
    }
}

/// <summary>Chip numbers as libgpiod counts them: N of /dev/gpiochipN.</summary>
public static class GpioChipNumber
{
    public static int Of(string devicePath) =>
        int.TryParse(Path.GetFileName(devicePath).AsSpan("gpiochip".Length), out int n) ? n
            : throw new GpioException($"{devicePath} is not named /dev/gpiochipN");
}
