using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Device.Load;

/// <summary>The <c>thermal</c> section of a device profile: when to detect on fewer frames.</summary>
public sealed class ThermalOptions : IValidatable
{
    /// <summary>At or above this SoC temperature detection is throttled.</summary>
    [JsonPropertyName("limit_c")] public double LimitC { get; set; } = 80;
    /// <summary>Throttling ends only at or below this temperature (hysteresis).</summary>
    [JsonPropertyName("resume_c")] public double ResumeC { get; set; } = 72;
    /// <summary>Process CPU use, in percent of the whole machine (100 = all cores), that triggers throttling; 0 = ignore CPU.</summary>
    [JsonPropertyName("cpu_limit_percent")] public double CpuLimitPercent { get; set; } = 85;
    /// <summary>While throttled, detect on every Nth frame.</summary>
    [JsonPropertyName("throttled_detect_every")] public int ThrottledDetectEvery { get; set; } = 3;

    public void Validate(string path, ConfigIssues issues)
    {
        issues.Range($"{path}.limit_c", LimitC, 30, 120);
        issues.Range($"{path}.resume_c", ResumeC, 20, 120);
        if (ResumeC >= LimitC) issues.Add($"{path}.resume_c", $"must be below limit_c ({LimitC}) so throttling has hysteresis");
        issues.Range($"{path}.cpu_limit_percent", CpuLimitPercent, 0, 100);
        issues.Range($"{path}.throttled_detect_every", ThrottledDetectEvery, 2, 60);
    }
}
