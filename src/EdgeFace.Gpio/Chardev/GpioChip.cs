using System.Runtime.InteropServices;
using EdgeFace.Gpio.Interop;

namespace EdgeFace.Gpio.Chardev;

/// <summary>
/// An open GPIO chip character device (<c>/dev/gpiochipN</c>): chip and line information, finding lines by name,
/// and requesting lines. The chip fd only answers questions; each request gets its own fd that owns its lines.
/// </summary>
public sealed unsafe class GpioChip : IDisposable
{
    private int _fd;

    public string DevicePath { get; }
    public GpioChipInfo Info { get; }

    private GpioChip(int fd, string devicePath, GpioChipInfo info)
    {
        _fd = fd;
        DevicePath = devicePath;
        Info = info;
    }

    /// <summary>True for a 64-bit process; the ABI definitions in this library are only valid there.</summary>
    public static bool IsSupportedProcess => Environment.Is64BitProcess && OperatingSystem.IsLinux();

    /// <summary>
    /// Opens a chip by device path (<c>/dev/gpiochip4</c>), kernel name (<c>gpiochip4</c>), number (<c>4</c>) or
    /// driver label (<c>pinctrl-rp1</c>: stable across kernels, unlike the numbers on a Raspberry Pi 5).
    /// </summary>
    public static GpioChip Open(string chip)
    {
        EnsureSupportedProcess();
        string? path = ResolvePath(chip);
        if (path is null)
        {
            var available = string.Join(", ", ListDevicePaths().Select(p => { try { using var c = OpenPath(p); return $"{c.Info.Name} ({c.Info.Label})"; } catch { return p; } }));
            throw new GpioException($"GPIO chip '{chip}' not found (available: {(available.Length > 0 ? available : "none")})");
        }
        return OpenPath(path);
    }

    /// <summary>Device paths of every GPIO chip on this machine, sorted by number.</summary>
    public static IReadOnlyList<string> ListDevicePaths()
    {
        if (!Directory.Exists("/dev")) return [];
        return Directory.EnumerateFiles("/dev", "gpiochip*")
            .Where(p => int.TryParse(Path.GetFileName(p).AsSpan("gpiochip".Length), out _))
            .OrderBy(p => int.Parse(Path.GetFileName(p).AsSpan("gpiochip".Length)))
            .ToList();
    }

    /// <summary>Searches every chip for a line name as <c>gpioinfo</c> shows it (e.g. <c>GPIO17</c>).</summary>
    /// <returns>The chip path and offset, or null when no chip has such a line.</returns>
    public static (string DevicePath, int Offset)? FindLineOnAnyChip(string lineName)
    {
        foreach (var path in ListDevicePaths())
        {
            using var chip = OpenPath(path);
            if (chip.FindLine(lineName) is int offset) return (path, offset);
        }
        return null;
    }

    /// <summary>The kernel's view of one line.</summary>
    public GpioLineInfo GetLineInfo(int offset)
    {
        CheckOffset(offset);
        GpioLineInfoNative info = default;
        info.Offset = (uint)offset;
        Ioctl(GpioUapi.GetLineInfoV2, &info, $"reading line {offset} info");
        var flags = (GpioLineFlags)info.Flags;
        int debounce = 0;
        for (int i = 0; i < (int)Math.Min(info.NumAttrs, GpioUapi.LineNumAttrsMax); i++)
            if (info.Attrs[i].Id == GpioLineAttrId.Debounce) debounce = (int)info.Attrs[i].DebouncePeriodUs;
        return new GpioLineInfo(
            offset,
            GpioUapi.FixedString(info.Name, GpioUapi.MaxNameSize),
            GpioUapi.FixedString(info.Consumer, GpioUapi.MaxNameSize),
            Used: flags.HasFlag(GpioLineFlags.Used),
            Output: flags.HasFlag(GpioLineFlags.Output),
            ActiveLow: flags.HasFlag(GpioLineFlags.ActiveLow),
            Drive: flags.HasFlag(GpioLineFlags.OpenDrain) ? GpioDrive.OpenDrain : flags.HasFlag(GpioLineFlags.OpenSource) ? GpioDrive.OpenSource : GpioDrive.PushPull,
            Bias: flags.HasFlag(GpioLineFlags.BiasPullUp) ? GpioBias.PullUp : flags.HasFlag(GpioLineFlags.BiasPullDown) ? GpioBias.PullDown
                : flags.HasFlag(GpioLineFlags.BiasDisabled) ? GpioBias.Disabled : GpioBias.AsIs,
            EdgeRising: flags.HasFlag(GpioLineFlags.EdgeRising),
            EdgeFalling: flags.HasFlag(GpioLineFlags.EdgeFalling),
            DebounceUs: debounce);
    }

    /// <summary>Offset of the line with this name on this chip, or null.</summary>
    public int? FindLine(string lineName)
    {
        for (int i = 0; i < Info.LineCount; i++)
            if (string.Equals(GetLineInfo(i).Name, lineName, StringComparison.Ordinal)) return i;
        return null;
    }

    /// <summary>Requests lines with one set of settings. The lines belong to the returned request until it is disposed.</summary>
    public GpioLineRequest Request(ReadOnlySpan<int> offsets, GpioLineSettings settings, string consumer = "edgeface")
    {
        if (offsets.Length is 0 or > GpioUapi.LinesMax) throw new ArgumentException($"between 1 and {GpioUapi.LinesMax} lines per request");
        foreach (var o in offsets) CheckOffset(o);
        GpioLineRequestNative req = default;
        for (int i = 0; i < offsets.Length; i++) req.Offsets[i] = (uint)offsets[i];
        GpioUapi.WriteFixedString(req.Consumer, GpioUapi.MaxNameSize, consumer);
        req.NumLines = (uint)offsets.Length;
        req.Config = GpioLineRequest.BuildConfig(settings, offsets.Length);
        req.EventBufferSize = 0; // kernel default: 16 events per line
        Ioctl(GpioUapi.GetLineV2, &req, $"requesting line(s) {string.Join(",", offsets.ToArray())} as {(settings.Output ? "output" : "input")}");
        return new GpioLineRequest(req.Fd, offsets.ToArray(), settings, $"{Info.Name}:{string.Join(",", offsets.ToArray())}");
    }

    public GpioLineRequest Request(int offset, GpioLineSettings settings, string consumer = "edgeface") =>
        Request([offset], settings, consumer);

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) GpioUapi.Close(fd);
    }

    private void CheckOffset(int offset)
    {
        if ((uint)offset >= (uint)Info.LineCount)
            throw new GpioException($"{Info.Name} ({Info.Label}) has lines 0..{Info.LineCount - 1}; line {offset} does not exist");
    }

    private void Ioctl(uint request, void* arg, string what)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (GpioUapi.Ioctl(_fd, request, arg) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string hint = errno == 16 ? " — the line is in use by another consumer (see gpioinfo)" : errno == 13 ? " — permission denied (the user needs the gpio group)" : "";
            throw new GpioException($"{Info.Name} ({Info.Label}): {what} failed: {GpioUapi.ErrorText(errno)}{hint}", errno);
        }
    }

    private static GpioChip OpenPath(string path)
    {
        EnsureSupportedProcess();
        int fd = GpioUapi.Open(path, GpioUapi.O_RDWR | GpioUapi.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new GpioException($"cannot open {path}: {GpioUapi.ErrorText(errno)}{(errno == 13 ? " (add the user to the gpio group)" : "")}", errno);
        }
        GpioChipInfoNative info = default;
        if (GpioUapi.Ioctl(fd, GpioUapi.GetChipInfo, &info) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            GpioUapi.Close(fd);
            throw new GpioException($"{path} is not a GPIO chip: {GpioUapi.ErrorText(errno)}", errno);
        }
        return new GpioChip(fd, path, new GpioChipInfo(
            GpioUapi.FixedString(info.Name, GpioUapi.MaxNameSize),
            GpioUapi.FixedString(info.Label, GpioUapi.MaxNameSize),
            (int)info.Lines));
    }

    private static string? ResolvePath(string chip)
    {
        if (chip.StartsWith('/')) return File.Exists(chip) ? chip : null;
        if (int.TryParse(chip, out int n)) chip = "gpiochip" + n;
        if (chip.StartsWith("gpiochip", StringComparison.Ordinal) && File.Exists("/dev/" + chip)) return "/dev/" + chip;
        foreach (var path in ListDevicePaths())
        {
            try
            {
                using var c = OpenPath(path);
                if (c.Info.Label == chip) return path;
            }
            catch (GpioException) { }
        }
        return null;
    }

    private static void EnsureSupportedProcess()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("GPIO character devices exist only on Linux");
        if (!Environment.Is64BitProcess)
            throw new PlatformNotSupportedException("the GPIO uAPI definitions are for 64-bit processes; this is a 32-bit process (install a 64-bit OS such as Raspberry Pi OS 64-bit)");
    }
}
