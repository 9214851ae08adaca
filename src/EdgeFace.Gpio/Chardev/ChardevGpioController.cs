namespace EdgeFace.Gpio.Chardev;

/// <summary>GPIO through the Linux character device (uAPI v2): one kernel line request per named line.</summary>
public sealed class ChardevGpioController : IGpioController
{
    private readonly string _consumer;
    private readonly List<IDisposable> _owned = new();

    public ChardevGpioController(string consumer = "edgeface") => _consumer = consumer;

    public string Backend => "chardev";

    /// <summary>True when this machine has at least one GPIO chip and the process can use the ABI.</summary>
    public static bool IsAvailable => GpioChip.IsSupportedProcess && GpioChip.ListDevicePaths().Count > 0;

    public IGpioOutput OpenOutput(GpioLineAddress address, bool activeLow, GpioDrive drive)
    {
        var request = Request(address, GpioLineSettings.OutputLine(activeLow, drive));
        var output = new ChardevGpioOutput(address.Name, request);
        lock (_owned) _owned.Add(output);
        return output;
    }

    public IGpioInput OpenInput(GpioLineAddress address, bool activeLow, GpioBias bias, int debounceMs)
    {
        var request = Request(address, GpioLineSettings.InputLine(activeLow, bias, debounceMs));
        var input = new ChardevGpioInput(address.Name, request);
        lock (_owned) _owned.Add(input);
        return input;
    }

    private GpioLineRequest Request(GpioLineAddress address, GpioLineSettings settings)
    {
        string consumer = $"{_consumer}:{address.Name}";
        if (address.LineName is { } lineName)
        {
            if (address.Chip is null)
            {
                var found = GpioChip.FindLineOnAnyChip(lineName)
                    ?? throw new GpioException($"GPIO {address}: no chip has a line named \"{lineName}\" (names as gpioinfo prints them)");
                using var anyChip = GpioChip.Open(found.DevicePath);
                return anyChip.Request(found.Offset, settings, consumer);
            }
            using var chip = GpioChip.Open(address.Chip);
            int offset = chip.FindLine(lineName)
                ?? throw new GpioException($"GPIO {address}: {chip.Info.Name} ({chip.Info.Label}) has no line named \"{lineName}\"");
            return chip.Request(offset, settings, consumer);
        }
        if (address.Offset is not int lineOffset) throw new GpioException($"GPIO {address}: neither a line offset nor a line name");
        using (var chip = GpioChip.Open(address.Chip ?? "gpiochip0"))
            return chip.Request(lineOffset, settings, consumer);
    }

    public void Dispose()
    {
        lock (_owned)
        {
            foreach (var o in _owned) o.Dispose();
            _owned.Clear();
        }
    }
}
