namespace EdgeFace.Gpio.Board;

/// <summary>Which System.Device.Gpio driver stands behind every <see cref="System.Device.Gpio.GpioController"/> of a board.</summary>
public enum GpioBackend
{
    /// <summary>System.Device.Gpio's <c>LibGpiodDriver</c> over libgpiod 1.x (<c>libgpiod.so.2</c>, Debian 12 / Raspberry Pi OS <c>libgpiod2</c>).</summary>
    Libgpiod,
    /// <summary>EdgeFace's <see cref="Chardev.ChardevGpioDriver"/>: the character device itself, no native library.</summary>
    Chardev,
    /// <summary>EdgeFace's <see cref="Logging.LogGpioDriver"/>: no hardware, outputs are logged.</summary>
    Log,
}

public static class GpioBackendNames
{
    /// <summary>The values of <c>gpio.backend</c>.</summary>
    public static readonly string[] Configurable = ["auto", "libgpiod", "chardev", "log"];

    public static string Name(this GpioBackend backend) => backend switch
    {
        GpioBackend.Libgpiod => "libgpiod",
        GpioBackend.Chardev => "chardev",
        _ => "log",
    };
}
