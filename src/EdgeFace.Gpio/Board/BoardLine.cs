using System.Device.Gpio;

namespace EdgeFace.Gpio.Board;

/// <summary>
/// A configured line found on its chip: the chip's controller, the pin number there, and whether EdgeFace must invert
/// values itself (active-low on a driver that cannot be told, i.e. libgpiod).
/// </summary>
/// <param name="DriverTakesTraits">The driver got the line's <see cref="GpioLineTraits"/> (EdgeFace's own drivers):
/// bias, drive and polarity are applied below the binding, whatever mode it asks for.</param>
public sealed record BoardLine(GpioController Controller, int Pin, bool SoftwareInvert, bool DriverTakesTraits, string Description)
{
    /// <summary>The pin value for a logical state.</summary>
    public PinValue ValueFor(bool active) => active != SoftwareInvert ? PinValue.High : PinValue.Low;

    /// <summary>Drives the line to a logical state.</summary>
    /// <remarks>
    /// Through the span overload: System.Device.Gpio 4.2.0's <c>GpioController.Write(int, PinValue)</c> records every
    /// value in a <c>ConcurrentDictionary&lt;int, PinValue?&gt;</c>, which allocates a 40-byte node per write (measured);
    /// the span overload goes straight to the driver and allocates nothing, which keeps rule transitions and tone
    /// edges free of garbage.
    /// </remarks>
    public void Write(bool active) => Controller.Write([new PinValuePair(Pin, ValueFor(active))]);

    /// <summary>The logical state of a pin value.</summary>
    public bool IsActive(PinValue value) => (value == PinValue.High) != SoftwareInvert;
}
