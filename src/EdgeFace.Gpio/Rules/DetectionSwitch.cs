using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Rules;

/// <summary>Turns an input line's value into "detection enabled" according to its action.</summary>
public sealed class DetectionSwitch
{
    private readonly InputAction _action;
    private bool _lastInput;

    public DetectionSwitch(InputAction action, bool initialInput)
    {
        _action = action;
        _lastInput = initialInput;
        Enabled = action switch
        {
            InputAction.EnableDetection => initialInput,
            InputAction.DisableDetection => !initialInput,
            _ => true,
        };
    }

    public bool Enabled { get; private set; }

    /// <summary>Feeds the input's new logical value; returns true when <see cref="Enabled"/> changed.</summary>
    public bool OnInput(bool active)
    {
        bool before = Enabled;
        bool rising = active && !_lastInput;
        _lastInput = active;
        Enabled = _action switch
        {
            InputAction.EnableDetection => active,
            InputAction.DisableDetection => !active,
            _ => rising ? !Enabled : Enabled,
        };
        return Enabled != before;
    }
}
