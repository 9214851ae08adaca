using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Gpio.Options;

/// <summary>One output (a plain line, or a device on a line) and the rule that drives it.</summary>
public sealed class GpioOutputOptions
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>
    /// <c>line</c>: the line itself is active while the rule is (LED, relay, active buzzer). <c>buzzer</c>: a passive
    /// buzzer (Iot.Device.Buzzer) sounds frequency_hz while the rule is active.
    /// </summary>
    [JsonPropertyName("device")] public string Device { get; set; } = "line";
    /// <summary>Buzzer tone in hertz.</summary>
    [JsonPropertyName("frequency_hz")] public int FrequencyHz { get; set; } = 2000;
    /// <summary>Chip path, name, number or label; omitted = gpiochip0 (or every chip when searching by line_name).</summary>
    [JsonPropertyName("chip")] public string? Chip { get; set; }
    [JsonPropertyName("line")] public int? Line { get; set; }
    [JsonPropertyName("line_name")] public string? LineName { get; set; }
    [JsonPropertyName("active_low")] public bool ActiveLow { get; set; }
    /// <summary><c>push_pull</c>, <c>open_drain</c> or <c>open_source</c>.</summary>
    [JsonPropertyName("drive")] public string Drive { get; set; } = "push_pull";
    /// <summary><c>hold</c>: active while faces are seen, plus hold_ms. <c>pulse</c>: one pulse_ms pulse per arrival.</summary>
    [JsonPropertyName("mode")] public string Mode { get; set; } = "hold";
    /// <summary>Hold mode: how long the line stays active after the last matching frame (re-triggering extends it).
    /// Pulse mode: how long faces must be absent before a new arrival pulses again.</summary>
    [JsonPropertyName("hold_ms")] public int HoldMs { get; set; } = 2000;
    [JsonPropertyName("pulse_ms")] public int PulseMs { get; set; } = 200;
    [JsonPropertyName("when")] public GpioConditionOptions When { get; set; } = new();

    public void Validate(string path, ConfigIssues issues)
    {
        if (string.IsNullOrWhiteSpace(Name)) issues.Add($"{path}.name", "is required (used in logs and stats)");
        GpioOptions.ValidateLine(path, Chip, Line, LineName, issues);
        if (Device is not ("line" or "buzzer")) issues.Add($"{path}.device", $"must be line or buzzer (got '{Device}')");
        issues.Range($"{path}.frequency_hz", FrequencyHz, 20, 10_000);
        if (Device == "buzzer" && Drive != "push_pull") issues.Add($"{path}.drive", "a buzzer is driven push_pull");
        if (ParseDrive(Drive) is null) issues.Add($"{path}.drive", $"must be push_pull, open_drain or open_source (got '{Drive}')");
        if (Mode is not ("hold" or "pulse")) issues.Add($"{path}.mode", $"must be hold or pulse (got '{Mode}')");
        issues.Range($"{path}.hold_ms", HoldMs, 0, 86_400_000);
        issues.Range($"{path}.pulse_ms", PulseMs, 1, 60_000);
        if (When is null) issues.Add($"{path}.when", "must be an object");
        else When.Validate($"{path}.when", issues);
    }

    internal static GpioDrive? ParseDrive(string? drive) => drive switch
    {
        "push_pull" => GpioDrive.PushPull,
        "open_drain" => GpioDrive.OpenDrain,
        "open_source" => GpioDrive.OpenSource,
        _ => null,
    };
}
