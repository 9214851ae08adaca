using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Board;

/// <summary>The backend a configuration gets, and the reason, for the one log line that says so.</summary>
public sealed record BackendChoice(GpioBackend Backend, string Reason)
{
    /// <summary>
    /// <c>log</c>, <c>chardev</c> and <c>libgpiod</c> are taken as configured (or refused with the reason).
    /// <c>auto</c>: no usable GPIO chip → log; a line needing a setting libgpiod cannot make → chardev; libgpiod
    /// present → libgpiod; otherwise chardev.
    /// </summary>
    public static BackendChoice Choose(GpioOptions options, GpioMachine machine)
    {
        var needs = ChardevOnlySettings(options);
        switch (options.Backend)
        {
            case "log":
                return new(GpioBackend.Log, "gpio.backend is log");
            case "chardev":
                if (machine.ChardevUnusable is { } unusable) throw new GpioException($"gpio.backend chardev: {unusable}");
                return new(GpioBackend.Chardev, "gpio.backend is chardev");
            case "libgpiod":
            {
                if (needs.Count > 0)
                    throw new GpioException($"gpio.backend libgpiod cannot make {string.Join("; ", needs)} (System.Device.Gpio's LibGpiodDriver has no such setting): use chardev or auto");
                if (machine.LibgpiodVersion(out string why) is not { } version)
                    throw new GpioException($"gpio.backend libgpiod: {why} (the Debian / Raspberry Pi OS package is libgpiod2)");
                return new(GpioBackend.Libgpiod, $"gpio.backend is libgpiod (libgpiod {version})");
            }
            default:
            {
                if (machine.ChardevUnusable is { } none) return new(GpioBackend.Log, $"{none}: GPIO outputs are only logged");
                if (needs.Count > 0)
                    return new(GpioBackend.Chardev, $"{needs[0]}{(needs.Count > 1 ? $" (and {needs.Count - 1} more)" : "")} needs EdgeFace's own character-device driver");
                if (machine.LibgpiodVersion(out string why) is { } version) return new(GpioBackend.Libgpiod, $"libgpiod {version} found");
                return new(GpioBackend.Chardev, $"libgpiod is not usable ({why})");
            }
        }
    }

    /// <summary>
    /// Settings of validated options that System.Device.Gpio's LibGpiodDriver cannot make, each as
    /// <c>path value</c>. Its public API has input, output and pull-up/pull-down modes only; active-low is done in
    /// EdgeFace's adapters instead, so it is not listed.
    /// </summary>
    public static List<string> ChardevOnlySettings(GpioOptions options)
    {
        var needs = new List<string>();
        for (int i = 0; i < options.Outputs.Count; i++)
            if (options.Outputs[i] is { Drive: not "push_pull" } o) needs.Add($"gpio.outputs[{i}].drive {o.Drive}");
        if (options.Input is { } input)
        {
            if (input.Bias == "disabled") needs.Add("gpio.input.bias disabled");
            switch (input.Device)
            {
                // the button binding debounces in software, on every backend
                case "button":
                    // the binding sets its own pull from its polarity: pressed = low with pull-up, high with pull-down
                    if (input.Bias == "pull_up" && !input.ActiveLow || input.Bias == "pull_down" && input.ActiveLow)
                        needs.Add($"gpio.input.bias {input.Bias} with active_low {(input.ActiveLow ? "true" : "false")}");
                    break;
                case "pir":
                    // the HC-SR501 binding opens its pin as a plain input: only a driver that takes the bias beforehand can add one
                    if (input.Bias is "pull_up" or "pull_down") needs.Add($"gpio.input.bias {input.Bias} (pir)");
                    if (input.DebounceMs > 0) needs.Add($"gpio.input.debounce_ms {input.DebounceMs}");
                    break;
                default:
                    if (input.DebounceMs > 0) needs.Add($"gpio.input.debounce_ms {input.DebounceMs}");
                    break;
            }
        }
        return needs;
    }
}
