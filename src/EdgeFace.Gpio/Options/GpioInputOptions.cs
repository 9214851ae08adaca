using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Gpio.Options;

/// <summary>An input (a plain line, or a PIR sensor or button on a line) that switches detection on or off.</summary>
public sealed class GpioInputOptions
{
    [JsonPropertyName("name")] public string Name { get; set; } = "input";
    /// <summary>
    /// <c>line</c>: the line's level (door contact, any sensor with a digital output). <c>pir</c>: an HC-SR501 motion
    /// sensor (Iot.Device.Hcsr501), active while it reports motion. <c>button</c>: a push button (Iot.Device.Button's
    /// GpioButton, debounced in software by debounce_ms), active while pressed; active_low means pressing pulls the line low.
    /// </summary>
    [JsonPropertyName("device")] public string Device { get; set; } = "line";
    [JsonPropertyName("chip")] public string? Chip { get; set; }
    [JsonPropertyName("line")] public int? Line { get; set; }
    [JsonPropertyName("line_name")] public string? LineName { get; set; }
    [JsonPropertyName("active_low")] public bool ActiveLow { get; set; }
    /// <summary><c>as_is</c>, <c>disabled</c>, <c>pull_up</c> or <c>pull_down</c>.</summary>
    [JsonPropertyName("bias")] public string Bias { get; set; } = "as_is";
    [JsonPropertyName("debounce_ms")] public int DebounceMs { get; set; }
    /// <summary>
    /// <c>enable_detection</c>: detect only while the input is active (PIR). <c>disable_detection</c>: pause while
    /// active (privacy switch). <c>toggle_detection</c>: each activation flips detection (push button).
    /// </summary>
    [JsonPropertyName("action")] public string Action { get; set; } = "enable_detection";

    public void Validate(string path, ConfigIssues issues)
    {
        GpioOptions.ValidateLine(path, Chip, Line, LineName, issues);
        if (Device is not ("line" or "pir" or "button")) issues.Add($"{path}.device", $"must be line, pir or button (got '{Device}')");
        if (ParseBias(Bias) is null) issues.Add($"{path}.bias", $"must be as_is, disabled, pull_up or pull_down (got '{Bias}')");
        issues.Range($"{path}.debounce_ms", DebounceMs, 0, 10_000);
        if (ParseAction(Action) is null) issues.Add($"{path}.action", $"must be enable_detection, disable_detection or toggle_detection (got '{Action}')");
    }

    internal static GpioBias? ParseBias(string? bias) => bias switch
    {
        "as_is" => GpioBias.AsIs,
        "disabled" => GpioBias.Disabled,
        "pull_up" => GpioBias.PullUp,
        "pull_down" => GpioBias.PullDown,
        _ => null,
    };

    internal static InputAction? ParseAction(string? action) => action switch
    {
        "enable_detection" => InputAction.EnableDetection,
        "disable_detection" => InputAction.DisableDetection,
        "toggle_detection" => InputAction.ToggleDetection,
        _ => null,
    };
}

/// <summary>What an input line does to detection.</summary>
public enum InputAction
{
    EnableDetection,
    DisableDetection,
    ToggleDetection,
}
