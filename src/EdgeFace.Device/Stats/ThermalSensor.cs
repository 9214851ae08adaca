using System.Globalization;

namespace EdgeFace.Device.Stats;

/// <summary>
/// The SoC/CPU temperature from <c>/sys/class/thermal/thermal_zone*/temp</c> (millidegrees Celsius). The zone is
/// chosen once by its <c>type</c>: CPU/SoC zones first (<c>cpu-thermal</c> on Raspberry Pi, <c>soc-thermal</c> on
/// RK3588, <c>cpu-thermal</c>/<c>CPU-therm</c> on Jetson, <c>x86_pkg_temp</c> on Intel), else the first zone.
/// </summary>
public sealed class ThermalSensor
{
    private static readonly string[] Preferred = ["cpu-thermal", "cpu_thermal", "soc-thermal", "soc_thermal", "cpu-therm", "x86_pkg_temp", "k10temp", "coretemp", "acpitz"];
    private string? _tempPath;

    /// <param name="thermalRoot">Folder holding the thermal_zoneN folders (default <c>/sys/class/thermal</c>).</param>
    public ThermalSensor(string thermalRoot = "/sys/class/thermal")
    {
        var zones = new List<(string Type, string TempPath)>();
        if (Directory.Exists(thermalRoot))
        {
            foreach (var dir in Directory.EnumerateDirectories(thermalRoot, "thermal_zone*").Order(StringComparer.Ordinal))
            {
                string temp = Path.Combine(dir, "temp");
                if (!File.Exists(temp)) continue;
                string type = TryRead(Path.Combine(dir, "type"))?.Trim() ?? "";
                zones.Add((type, temp));
            }
        }
        foreach (var p in Preferred)
        {
            var match = zones.FirstOrDefault(z => z.Type.Equals(p, StringComparison.OrdinalIgnoreCase));
            if (match.TempPath is not null) { Select(match); return; }
        }
        var cpuLike = zones.FirstOrDefault(z => z.Type.Contains("cpu", StringComparison.OrdinalIgnoreCase) || z.Type.Contains("soc", StringComparison.OrdinalIgnoreCase));
        if (cpuLike.TempPath is not null) { Select(cpuLike); return; }
        if (zones.Count > 0) Select(zones[0]);

        void Select((string Type, string TempPath) z) { ZoneType = z.Type; _tempPath = z.TempPath; }
    }

    /// <summary>The chosen zone's type, or null when the machine exposes no thermal zone.</summary>
    public string? ZoneType { get; private set; }

    public bool Available => _tempPath is not null;

    /// <summary>Temperature in °C, or null when there is no zone or it cannot be read right now.</summary>
    public double? ReadCelsius()
    {
        if (_tempPath is null) return null;
        string? s = TryRead(_tempPath);
        return s is not null && long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long milli) ? milli / 1000.0 : null;
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
