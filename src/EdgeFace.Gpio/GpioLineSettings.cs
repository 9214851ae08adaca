namespace EdgeFace.Gpio;

/// <summary>How to request a line (or several lines with the same settings).</summary>
public sealed record GpioLineSettings
{
    public bool Output { get; init; }
    /// <summary>Active-low: the kernel inverts, so "active" means a low pin.</summary>
    public bool ActiveLow { get; init; }
    public GpioDrive Drive { get; init; } = GpioDrive.PushPull;
    public GpioBias Bias { get; init; } = GpioBias.AsIs;
    /// <summary>Inputs only: report rising and falling edges as events.</summary>
    public bool EdgeEvents { get; init; }
    /// <summary>Inputs only: kernel debounce period (0 = none).</summary>
    public int DebounceMs { get; init; }
    /// <summary>Outputs only: the logical value driven as soon as the request succeeds.</summary>
    public bool InitialActive { get; init; }

    public static GpioLineSettings OutputLine(bool activeLow = false, GpioDrive drive = GpioDrive.PushPull) =>
        new() { Output = true, ActiveLow = activeLow, Drive = drive };

    public static GpioLineSettings InputLine(bool activeLow = false, GpioBias bias = GpioBias.AsIs, int debounceMs = 0, bool edgeEvents = true) =>
        new() { Output = false, ActiveLow = activeLow, Bias = bias, DebounceMs = debounceMs, EdgeEvents = edgeEvents };
}
