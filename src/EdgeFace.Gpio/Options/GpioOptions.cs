using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Gpio.Options;

/// <summary>
/// The <c>gpio</c> configuration section: output rules driven by detections, an optional input line that
/// switches detection on/off, and named zones of the frame. With no outputs and no input, GPIO is off.
/// </summary>
public sealed partial class GpioOptions : IValidatable
{
    /// <summary>
    /// <c>auto</c> (libgpiod when installed and enough, else EdgeFace's character-device driver; log without a chip),
    /// <c>libgpiod</c> (System.Device.Gpio's LibGpiodDriver), <c>chardev</c> or <c>log</c>. See Board/BackendChoice.
    /// </summary>
    [JsonPropertyName("backend")] public string Backend { get; set; } = "auto";

    /// <summary>Consumer label the kernel shows in gpioinfo for lines EdgeFace holds (<c>consumer:name</c>; the chardev and
    /// log backends: libgpiod labels lines with the process name).</summary>
    [JsonPropertyName("consumer")] public string Consumer { get; set; } = "edgeface";

    [JsonPropertyName("outputs")] public List<GpioOutputOptions> Outputs { get; set; } = new();

    [JsonPropertyName("input")] public GpioInputOptions? Input { get; set; }

    /// <summary>Named regions of the frame as normalised <c>[x, y, w, h]</c> (0..1, origin top-left).</summary>
    [JsonPropertyName("zones")] public Dictionary<string, float[]> Zones { get; set; } = new();

    [JsonIgnore] public bool Enabled => Outputs.Count > 0 || Input is not null;

    public void Validate(string path, ConfigIssues issues)
    {
        if (!Board.GpioBackendNames.Configurable.Contains(Backend)) issues.Add($"{path}.backend", $"must be auto, libgpiod, chardev or log (got '{Backend}')");
        if (string.IsNullOrWhiteSpace(Consumer) || Consumer.Length > 31) issues.Add($"{path}.consumer", "must be 1..31 characters (the kernel's consumer field)");

        foreach (var (name, rect) in Zones)
        {
            string zp = $"{path}.zones.{name}";
            if (rect is null || rect.Length != 4) { issues.Add(zp, "must be [x, y, w, h] with 4 numbers in 0..1"); continue; }
            for (int i = 0; i < 4; i++) issues.Range($"{zp}[{i}]", rect[i], 0, 1);
            if (rect[2] <= 0 || rect[3] <= 0) issues.Add(zp, "width and height must be above 0");
            if (rect[0] + rect[2] > 1.0001f || rect[1] + rect[3] > 1.0001f) issues.Add(zp, "must lie inside the frame (x + w ≤ 1 and y + h ≤ 1)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Outputs.Count; i++)
        {
            string op = $"{path}.outputs[{i}]";
            var o = Outputs[i];
            if (o is null) { issues.Add(op, "must be an object"); continue; }
            o.Validate(op, issues);
            if (!string.IsNullOrEmpty(o.Name) && !names.Add(o.Name)) issues.Add($"{op}.name", $"'{o.Name}' is used by two outputs");
            if (o.When?.Zone is { } zone && !Zones.ContainsKey(zone))
                issues.Add($"{op}.when.zone", $"zone '{zone}' is not defined in {path}.zones{(Zones.Count > 0 ? $" (defined: {string.Join(", ", Zones.Keys)})" : "")}");
        }
        Input?.Validate($"{path}.input", issues);
    }

    internal static void ValidateLine(string path, string? chip, int? line, string? lineName, ConfigIssues issues)
    {
        if (line is null && string.IsNullOrWhiteSpace(lineName)) issues.Add(path, "needs 'line' (offset on the chip) or 'line_name' (as gpioinfo shows it)");
        if (line is not null && lineName is not null) issues.Add(path, "give either 'line' or 'line_name', not both");
        if (line is < 0 or > 1023) issues.Add($"{path}.line", $"must be a line offset 0..1023 (got {line})");
        if (chip is { Length: 0 }) issues.Add($"{path}.chip", "must not be empty (omit it for gpiochip0, or for searching by line_name)");
        // The daemon opens the chip read-write and remote configuration may set this field: a path may only name a
        // GPIO character device, never any other file.
        else if (chip is not null && chip.Contains('/') && !ChipDevicePath().IsMatch(chip))
            issues.Add($"{path}.chip", $"'{chip}' is not a GPIO chip device: use /dev/gpiochipN, a chip name (gpiochip0), its number or its label");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^/dev/gpiochip[0-9]{1,3}$")]
    private static partial System.Text.RegularExpressions.Regex ChipDevicePath();
}
