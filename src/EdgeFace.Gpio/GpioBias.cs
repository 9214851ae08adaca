namespace EdgeFace.Gpio;

/// <summary>Internal pull resistor of an input line.</summary>
public enum GpioBias
{
    /// <summary>Leave whatever the board or firmware configured.</summary>
    AsIs,
    Disabled,
    PullUp,
    PullDown,
}
