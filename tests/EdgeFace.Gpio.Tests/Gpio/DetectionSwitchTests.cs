using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class DetectionSwitchTests
{
    [Fact]
    public void Enable_action_follows_the_input()
    {
        var s = new DetectionSwitch(InputAction.EnableDetection, initialInput: false);
        Assert.False(s.Enabled);
        Assert.True(s.OnInput(true));
        Assert.True(s.Enabled);
        Assert.False(s.OnInput(true));
        Assert.True(s.OnInput(false));
        Assert.False(s.Enabled);
    }

    [Fact]
    public void Disable_action_inverts_the_input()
    {
        var s = new DetectionSwitch(InputAction.DisableDetection, initialInput: true);
        Assert.False(s.Enabled);
        s.OnInput(false);
        Assert.True(s.Enabled);
    }

    [Fact]
    public void Toggle_action_flips_on_each_activation_only()
    {
        var s = new DetectionSwitch(InputAction.ToggleDetection, initialInput: false);
        Assert.True(s.Enabled);
        s.OnInput(true);  Assert.False(s.Enabled);
        s.OnInput(false); Assert.False(s.Enabled);   // release does nothing
        s.OnInput(true);  Assert.True(s.Enabled);
        s.OnInput(true);  Assert.True(s.Enabled);    // no edge, no flip
    }
}
