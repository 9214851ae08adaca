using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeFace.Device.Board;

/// <summary>
/// What a device report needs to say about the CPU so its figures can stand in for projections made for a named core:
/// the core type (ARM implementer/part from /proc/cpuinfo, named for the cores EdgeFace targets; x86 "model name"),
/// the clock limit and governor (cpufreq), and the instruction sets .NET uses for the image kernels.
/// </summary>
public sealed record CpuDescription(string Architecture, string Model, int Cores, double? MaxMhz, string? Governor)
{
    /// <summary>ARM parts by "CPU part" (implementer 0x41, Arm Ltd.): the cores of the boards EdgeFace targets.</summary>
    private static readonly Dictionary<string, string> ArmParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["0xd03"] = "Cortex-A53", ["0xd04"] = "Cortex-A35", ["0xd05"] = "Cortex-A55", ["0xd07"] = "Cortex-A57",
        ["0xd08"] = "Cortex-A72", ["0xd09"] = "Cortex-A73", ["0xd0a"] = "Cortex-A75", ["0xd0b"] = "Cortex-A76",
        ["0xd0c"] = "Neoverse-N1", ["0xd41"] = "Cortex-A78", ["0xd42"] = "Cortex-A78AE", ["0xd4b"] = "Cortex-A78C",
    };

    public static CpuDescription Read(string root = "/")
    {
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string model = ModelFrom(Lines(Path.Combine(root, "proc/cpuinfo"))) ?? "unknown";
        string freq = Path.Combine(root, "sys/devices/system/cpu/cpu0/cpufreq");
        double? maxMhz = double.TryParse(First(Path.Combine(freq, "cpuinfo_max_freq")), NumberStyles.Integer, CultureInfo.InvariantCulture, out double khz)
            ? khz / 1000 : null;
        return new CpuDescription(arch, model, Environment.ProcessorCount, maxMhz, First(Path.Combine(freq, "scaling_governor")));
    }

    /// <summary>"Cortex-A72" style names for ARM (several core types listed as they appear, e.g. big.LITTLE); x86's model name.</summary>
    private static string? ModelFrom(IEnumerable<string> cpuinfo)
    {
        string? x86 = null, implementer = null;
        var parts = new List<string>();
        foreach (var line in cpuinfo)
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "model name" && x86 is null) x86 = value;
            else if (key == "CPU implementer") implementer = value;
            else if (key == "CPU part")
            {
                string name = implementer == "0x41" && ArmParts.TryGetValue(value, out var n) ? n : $"implementer {implementer} part {value}";
                if (!parts.Contains(name)) parts.Add(name);
            }
        }
        return parts.Count > 0 ? string.Join(" + ", parts) : x86;
    }

    private static string[] Lines(string path)
    {
        try { return File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string? First(string path) => Lines(path).FirstOrDefault()?.Trim();
}
