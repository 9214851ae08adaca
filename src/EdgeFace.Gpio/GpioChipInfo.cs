namespace EdgeFace.Gpio;

/// <summary>What a GPIO chip says about itself (as <c>gpiodetect</c> prints it).</summary>
/// <param name="Name">Kernel name, e.g. <c>gpiochip0</c>.</param>
/// <param name="Label">Driver label, e.g. <c>pinctrl-rp1</c> or <c>gpio-sim.0-node0</c>.</param>
/// <param name="LineCount">Number of lines.</param>
public sealed record GpioChipInfo(string Name, string Label, int LineCount);
