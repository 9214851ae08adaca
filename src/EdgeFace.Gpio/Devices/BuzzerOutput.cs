using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>A passive buzzer (Iot.Device.Buzzer) that sounds one tone while its rule is active.</summary>
public sealed class BuzzerOutput : IOutputDevice
{
    private readonly Iot.Device.Buzzer.Buzzer _buzzer;
    private readonly int _frequencyHz;

    public BuzzerOutput(string name, BoardLine line, int frequencyHz)
    {
        Name = name;
        _frequencyHz = frequencyHz;
        Tone = new GpioSquareWave(line, frequencyHz);
        _buzzer = new Iot.Device.Buzzer.Buzzer(Tone);
    }

    public string Name { get; }
    public bool IsActive { get; private set; }

    /// <summary>The square wave under the buzzer (its edge count shows the tone ran).</summary>
    public GpioSquareWave Tone { get; }

    public void Write(bool active)
    {
        if (active) _buzzer.StartPlaying(_frequencyHz);
        else _buzzer.StopPlaying();
        IsActive = active;
    }

    public void Dispose()
    {
        IsActive = false;
        _buzzer.Dispose(); // disposes the square wave: silent, line released
    }
}
