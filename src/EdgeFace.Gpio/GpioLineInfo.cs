namespace EdgeFace.Gpio;

/// <summary>State of one line as the kernel reports it (what <c>gpioinfo</c> prints).</summary>
public sealed record GpioLineInfo(
    int Offset,
    string Name,
    string Consumer,
    bool Used,
    bool Output,
    bool ActiveLow,
    GpioDrive Drive,
    GpioBias Bias,
    bool EdgeRising,
    bool EdgeFalling,
    int DebounceUs);
