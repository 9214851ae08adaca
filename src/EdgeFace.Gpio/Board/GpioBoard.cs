using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using EdgeFace.Gpio.Chardev;
using EdgeFace.Gpio.Logging;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Board;

/// <summary>
/// The GPIO chips a configuration uses, each behind one System.Device.Gpio <see cref="GpioController"/> whose driver
/// the backend decides. Finds configured lines (chip by path, name, number or label; line by offset or by name, which
/// EdgeFace reads from the character device itself since the package has no line names) and tells EdgeFace's own
/// drivers what a line needs beyond its <see cref="PinMode"/>.
/// </summary>
public sealed class GpioBoard : IDisposable
{
    private readonly Func<string, GpioDriver> _driverFor;
    private readonly bool _realChips;
    private readonly Dictionary<string, GpioController> _controllers = new(StringComparer.Ordinal);
    // GpioController does not show its driver; EdgeFace's drivers take line traits, so the board keeps the pairing.
    private readonly Dictionary<GpioController, GpioDriver> _drivers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Chip, string Name), int> _namedLogLines = new();

    /// <param name="backend">Name for logs, stats and the health request.</param>
    /// <param name="reason">Why this backend (logged once at start).</param>
    /// <param name="driverFor">The driver for one chip, by device path (or, without real chips, the configured chip key).</param>
    /// <param name="realChips">Whether chips and line names are looked up in /dev (false: any chip key and line name is taken as given).</param>
    public GpioBoard(string backend, string reason, Func<string, GpioDriver> driverFor, bool realChips)
    {
        Backend = backend;
        Reason = reason;
        _driverFor = driverFor;
        _realChips = realChips;
    }

    /// <summary>The board for validated options: backend by <see cref="BackendChoice"/>, one controller per chip.</summary>
    public static GpioBoard Open(GpioOptions options, GpioMachine? machine = null)
    {
        var choice = BackendChoice.Choose(options, machine ?? GpioMachine.Current);
        return choice.Backend switch
        {
            GpioBackend.Libgpiod => new GpioBoard("libgpiod", choice.Reason, path => new LibGpiodDriver(GpioChipNumber.Of(path)), realChips: true),
            GpioBackend.Chardev => new GpioBoard("chardev", choice.Reason, path => new ChardevGpioDriver(path, options.Consumer), realChips: true),
            _ => new GpioBoard("log", choice.Reason, _ => new LogGpioDriver(), realChips: false),
        };
    }

    public string Backend { get; }
    public string Reason { get; }

    /// <summary>True when nothing here reaches hardware (inputs can never change).</summary>
    public bool LogOnly => Backend == "log";

    /// <summary>Finds the line and prepares its traits; the caller (a device) then opens the pin on the controller.</summary>
    public BoardLine Find(GpioLineAddress address, GpioLineTraits traits)
    {
        var (chip, pin) = _realChips ? FindOnChips(address) : FindByKey(address);
        var controller = ControllerFor(chip);
        bool takesTraits = Driver(controller) is ILineTraitsDriver;
        if (takesTraits) ((ILineTraitsDriver)Driver(controller)).Prepare(pin, traits);
        return new BoardLine(controller, pin, SoftwareInvert: traits.ActiveLow && !takesTraits, takesTraits, $"{address} → {Path.GetFileName(chip)} line {pin}");
    }

    public void Dispose()
    {
        foreach (var c in _controllers.Values) c.Dispose();
        _controllers.Clear();
    }

    private GpioController ControllerFor(string chip)
    {
        if (!_controllers.TryGetValue(chip, out var controller))
        {
            var driver = _driverFor(chip);
            controller = new GpioController(driver);
            _drivers[controller] = driver;
            _controllers[chip] = controller;
        }
        return controller;
    }

    private GpioDriver Driver(GpioController controller) => _drivers[controller];

    private static (string DevicePath, int Offset) FindOnChips(GpioLineAddress address)
    {
        if (address.LineName is { } lineName)
        {
            if (address.Chip is null)
                return GpioChip.FindLineOnAnyChip(lineName)
                    ?? throw new GpioException($"GPIO {address}: no chip has a line named \"{lineName}\" (names as gpioinfo prints them)");
            using var chip = GpioChip.Open(address.Chip);
            int found = chip.FindLine(lineName)
                ?? throw new GpioException($"GPIO {address}: {chip.Info.Name} ({chip.Info.Label}) has no line named \"{lineName}\"");
            return (chip.DevicePath, found);
        }
        if (address.Offset is not int offset) throw new GpioException($"GPIO {address}: neither a line offset nor a line name");
        using (var chip = GpioChip.Open(address.Chip ?? "gpiochip0"))
        {
            if (offset >= chip.Info.LineCount)
                throw new GpioException($"GPIO {address}: {chip.Info.Name} ({chip.Info.Label}) has lines 0..{chip.Info.LineCount - 1}; line {offset} does not exist");
            return (chip.DevicePath, offset);
        }
    }

    private (string Chip, int Pin) FindByKey(GpioLineAddress address)
    {
        string chip = address.Chip ?? "gpiochip0";
        if (address.Offset is int offset) return (chip, offset);
        var key = (chip, address.LineName ?? address.Name);
        if (!_namedLogLines.TryGetValue(key, out int pin))
            _namedLogLines[key] = pin = 1024 + _namedLogLines.Count;
        return (chip, pin);
    }
}
