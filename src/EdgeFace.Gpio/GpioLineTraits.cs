namespace EdgeFace.Gpio;

/// <summary>
/// What EdgeFace asks of a line beyond System.Device.Gpio's <see cref="System.Device.Gpio.PinMode"/>: polarity, drive,
/// bias, kernel debounce and the consumer label <c>gpioinfo</c> shows. <see cref="System.Device.Gpio.GpioController"/>
/// has no words for these, so EdgeFace's own drivers take them beforehand (<see cref="ILineTraitsDriver"/>).
/// </summary>
/// <param name="Consumer">Label the kernel shows for the held line (at most 31 characters are kept).</param>
/// <param name="ActiveLow">The kernel inverts: "active" is a low pin.</param>
/// <param name="Drive">Outputs: push-pull, open-drain or open-source.</param>
/// <param name="Bias">Inputs: the pull resistor applied when the binding asks for plain <c>PinMode.Input</c>.</param>
/// <param name="DebounceMs">Inputs: kernel debounce period (0 = none).</param>
public sealed record GpioLineTraits(string Consumer, bool ActiveLow = false, GpioDrive Drive = GpioDrive.PushPull, GpioBias Bias = GpioBias.AsIs, int DebounceMs = 0);

/// <summary>A <see cref="System.Device.Gpio.GpioDriver"/> that applies <see cref="GpioLineTraits"/> when a pin is opened.</summary>
public interface ILineTraitsDriver
{
    /// <summary>Settings for <paramref name="offset"/>, used from the next time a binding opens that pin.</summary>
    void Prepare(int offset, GpioLineTraits traits);
}
