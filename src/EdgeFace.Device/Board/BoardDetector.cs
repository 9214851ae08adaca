using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace EdgeFace.Device.Board;

/// <summary>
/// Recognises the board from the device tree (<c>/proc/device-tree/model</c> and <c>compatible</c>, ARM boards) or
/// DMI (<c>/sys/class/dmi/id/product_name</c>, PCs) and maps it to a device profile. The file-system root is
/// injectable so tests can supply fake trees.
/// </summary>
public sealed class BoardDetector
{
    public const string RaspberryPi5 = "raspberry-pi-5";
    public const string RaspberryPi4 = "raspberry-pi-4";
    public const string RaspberryPiZero2W = "raspberry-pi-zero-2w";
    public const string JetsonOrinNano = "jetson-orin-nano";
    public const string RockchipRk3588 = "rockchip-rk3588";
    [SuppressMessage("Naming", "CA1707", Justification = "x86_64 is the architecture's own name")]
    public const string GenericX86_64 = "generic-x86-64";
    public const string GenericArm64 = "generic-arm64";

    private readonly string _root;
    private readonly Architecture _architecture;

    public BoardDetector(string root = "/", Architecture? architecture = null)
    {
        _root = root;
        _architecture = architecture ?? RuntimeInformation.OSArchitecture;
    }

    public BoardInfo Detect()
    {
        string? model = ReadString("proc/device-tree/model");
        string[] compatible = (ReadString("proc/device-tree/compatible") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries);

        if (model is not null || compatible.Length > 0)
        {
            if (MapDeviceTree(model ?? "", compatible) is { } profile) return new BoardInfo(model, profile, true);
            return new BoardInfo(model, _architecture == Architecture.X64 ? GenericX86_64 : GenericArm64, false);
        }

        string? dmi = ReadString("sys/class/dmi/id/product_name");
        string? vendor = ReadString("sys/class/dmi/id/sys_vendor");
        string? name = dmi is null ? null : vendor is null ? dmi : $"{vendor} {dmi}";
        return _architecture switch
        {
            Architecture.X64 => new BoardInfo(name, GenericX86_64, true),
            _ => new BoardInfo(name, GenericArm64, false),
        };
    }

    /// <summary>
    /// The board's serial number: the device tree's <c>serial-number</c> (Raspberry Pi, Jetson, RK3588), else DMI's
    /// <c>product_serial</c> (readable by root only on most PCs); null when neither can be read or it is a
    /// placeholder such as "To Be Filled By O.E.M.".
    /// </summary>
    public string? ReadSerial()
    {
        string? serial = ReadString("proc/device-tree/serial-number") ?? ReadString("sys/class/dmi/id/product_serial");
        if (serial is null) return null;
        serial = serial.Trim();
        bool placeholder = serial.Length == 0 || serial.Trim('0').Length == 0 || serial.Contains("O.E.M", StringComparison.OrdinalIgnoreCase)
                           || serial.Equals("None", StringComparison.OrdinalIgnoreCase) || serial.Equals("Default string", StringComparison.OrdinalIgnoreCase);
        return placeholder ? null : serial;
    }

    /// <summary>Profile for a device-tree model string and compatible list, or null when unknown.</summary>
    public static string? MapDeviceTree(string model, IReadOnlyCollection<string> compatible)
    {
        // Model strings as the firmware writes them, e.g. "Raspberry Pi 5 Model B Rev 1.0",
        // "Raspberry Pi Compute Module 4 Rev 1.1", "Raspberry Pi Zero 2 W Rev 1.0".
        if (model.StartsWith("Raspberry Pi 5", StringComparison.Ordinal) || model.StartsWith("Raspberry Pi Compute Module 5", StringComparison.Ordinal)
            || compatible.Contains("brcm,bcm2712"))
            return RaspberryPi5;
        if (model.StartsWith("Raspberry Pi 4", StringComparison.Ordinal) || model.StartsWith("Raspberry Pi 400", StringComparison.Ordinal)
            || model.StartsWith("Raspberry Pi Compute Module 4", StringComparison.Ordinal) || compatible.Contains("brcm,bcm2711"))
            return RaspberryPi4;
        if (model.StartsWith("Raspberry Pi Zero 2", StringComparison.Ordinal) || compatible.Contains("raspberrypi,model-zero-2-w"))
            return RaspberryPiZero2W;
        // Jetson Orin Nano module is p3767 (the Orin NX shares it; same profile suits both) on SoC tegra234.
        if (model.Contains("Orin Nano", StringComparison.OrdinalIgnoreCase) || model.Contains("Orin NX", StringComparison.OrdinalIgnoreCase)
            || compatible.Contains("nvidia,p3767"))
            return JetsonOrinNano;
        // RK3588 boards carry many model names (ROCK 5B, Orange Pi 5, ...); the SoC compatible is the reliable part.
        if (compatible.Contains("rockchip,rk3588") || compatible.Contains("rockchip,rk3588s") || model.Contains("RK3588", StringComparison.OrdinalIgnoreCase))
            return RockchipRk3588;
        return null;
    }

    private string? ReadString(string relative)
    {
        string path = Path.Combine(_root, relative);
        try
        {
            if (!File.Exists(path)) return null;
            // Device-tree strings end in NUL; DMI strings in a newline.
            string s = File.ReadAllText(path).TrimEnd('\0', '\n', ' ');
            return s.Length == 0 ? null : s;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
