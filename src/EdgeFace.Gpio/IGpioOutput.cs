namespace EdgeFace.Gpio;

/// <summary>One output line. Values are logical: active means "on" whatever the wiring polarity.</summary>
public interface IGpioOutput : IDisposable
{
    string Name { get; }
    bool IsActive { get; }
    void Write(bool active);
}
