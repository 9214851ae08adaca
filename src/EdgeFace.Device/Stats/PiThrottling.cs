using System.Globalization;

namespace EdgeFace.Device.Stats;

/// <summary>Raspberry Pi firmware throttling flags (the value <c>vcgencmd get_throttled</c> prints).</summary>
public readonly record struct ThrottleState(uint Raw)
{
    public bool UnderVoltage => (Raw & 0x1) != 0;
    public bool FrequencyCapped => (Raw & 0x2) != 0;
    public bool Throttled => (Raw & 0x4) != 0;
    public bool SoftTemperatureLimit => (Raw & 0x8) != 0;
    public bool UnderVoltageOccurred => (Raw & 0x1_0000) != 0;
    public bool FrequencyCappedOccurred => (Raw & 0x2_0000) != 0;
    public bool ThrottledOccurred => (Raw & 0x4_0000) != 0;
    public bool SoftTemperatureLimitOccurred => (Raw & 0x8_0000) != 0;
}

/// <summary>
/// Reads the Raspberry Pi firmware's throttling state from <c>/sys/devices/platform/soc/soc:firmware/get_throttled</c>
/// (hex, as the raspberrypi-hwmon/firmware driver exposes it). Absent on other boards.
/// </summary>
public sealed class PiThrottling
{
    public const string DefaultPath = "/sys/devices/platform/soc/soc:firmware/get_throttled";
    private readonly string _path;

    public PiThrottling(string path = DefaultPath) => _path = path;

    public bool Available => File.Exists(_path);

    public ThrottleState? Read()
    {
        try
        {
            if (!File.Exists(_path)) return null;
            string s = File.ReadAllText(_path).Trim();
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
            return uint.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v) ? new ThrottleState(v) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
