using System.Text.Json;
using EdgeFace.Core.Configuration;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class GpioOptionsTests
{
    private const string Json = """
        {
          "outputs": [
            { "name": "relay", "chip": "gpiochip0", "line": 17, "active_low": true, "drive": "open_drain",
              "mode": "hold", "hold_ms": 1500, "when": { "min_faces": 1, "min_score": 0.6, "min_face_px": 48, "zone": "door" } },
            { "name": "buzzer", "line_name": "GPIO27", "mode": "pulse", "pulse_ms": 150, "device": "buzzer", "frequency_hz": 2500 }
          ],
          "input": { "line_name": "GPIO22", "active_low": true, "bias": "pull_up", "debounce_ms": 20, "action": "toggle_detection", "device": "button" },
          "zones": { "door": [0.5, 0.0, 0.5, 1.0] }
        }
        """;

    [Fact]
    public void Snake_case_json_binds_every_field()
    {
        var o = JsonSerializer.Deserialize<GpioOptions>(Json)!;
        Assert.Equal(2, o.Outputs.Count);
        var relay = o.Outputs[0];
        Assert.Equal(("relay", "gpiochip0", 17, true, "open_drain", 1500), (relay.Name, relay.Chip, relay.Line!.Value, relay.ActiveLow, relay.Drive, relay.HoldMs));
        Assert.Equal((1, 0.6f, 48f, "door"), (relay.When.MinFaces, relay.When.MinScore, relay.When.MinFacePx, relay.When.Zone));
        Assert.Equal(("GPIO27", "pulse", 150, "buzzer", 2500), (o.Outputs[1].LineName, o.Outputs[1].Mode, o.Outputs[1].PulseMs, o.Outputs[1].Device, o.Outputs[1].FrequencyHz));
        Assert.Equal(("line", "line"), (relay.Device, new GpioInputOptions().Device));   // the defaults: a plain line
        Assert.Equal(("GPIO22", "pull_up", 20, "toggle_detection", "button"), (o.Input!.LineName, o.Input.Bias, o.Input.DebounceMs, o.Input.Action, o.Input.Device));
        Assert.Equal([0.5f, 0f, 0.5f, 1f], o.Zones["door"]);
        var issues = new ConfigIssues();
        o.Validate("gpio", issues);
        Assert.True(issues.IsValid, string.Join("; ", issues.Items));
    }

    [Fact]
    public void Every_bad_field_is_reported_with_its_path()
    {
        var o = new GpioOptions
        {
            Backend = "sysfs",
            Outputs =
            [
                new GpioOutputOptions { Name = "a", Drive = "totem", Mode = "blink", HoldMs = -1, When = new() { MinScore = 2, Zone = "nowhere" } },
                new GpioOutputOptions { Name = "a", Line = 1, LineName = "GPIO1" },
                new GpioOutputOptions { Name = "horn", Line = 2, Device = "siren", FrequencyHz = 5 },
                new GpioOutputOptions { Name = "beep", Line = 3, Device = "buzzer", Drive = "open_drain" },
            ],
            Input = new GpioInputOptions { Line = 5, Bias = "strong", Action = "explode", Device = "camera" },
            Zones = { ["wide"] = [0.5f, 0f, 0.6f, 1f], ["short"] = [0f, 0f] },
        };
        var issues = new ConfigIssues();
        o.Validate("gpio", issues);
        var paths = issues.Items.Select(i => i.Path).ToHashSet();
        string[] expected =
        [
            "gpio.backend", "gpio.outputs[0]", "gpio.outputs[0].drive", "gpio.outputs[0].mode", "gpio.outputs[0].hold_ms",
            "gpio.outputs[0].when.min_score", "gpio.outputs[0].when.zone", "gpio.outputs[1]", "gpio.outputs[1].name",
            "gpio.input.bias", "gpio.input.action", "gpio.zones.wide", "gpio.zones.short",
            "gpio.outputs[2].device", "gpio.outputs[2].frequency_hz", "gpio.outputs[3].drive", "gpio.input.device",
        ];
        foreach (var p in expected) Assert.Contains(p, paths);
        Assert.Contains(issues.Items, i => i.Path == "gpio.outputs[0].when.zone" && i.Message.Contains("'nowhere'"));
        Assert.Contains(issues.Items, i => i.Path == "gpio.backend" && i.Message == "must be auto, libgpiod, chardev or log (got 'sysfs')");
        Assert.Contains(issues.Items, i => i.Path == "gpio.input.device" && i.Message == "must be line, pir or button (got 'camera')");
    }

    [Theory]
    [InlineData("/etc/passwd", false)]
    [InlineData("/dev/sda", false)]
    [InlineData("/dev/gpiochip0/../sda", false)]
    [InlineData("../../dev/mem", false)]
    [InlineData("/dev/gpiochip4", true)]
    [InlineData("gpiochip0", true)]
    [InlineData("pinctrl-rp1", true)]
    [InlineData("2", true)]
    public void A_chip_path_may_only_name_a_gpio_chip_device(string chip, bool valid)
    {
        var o = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "a", Chip = chip, Line = 1 }] };
        var issues = new ConfigIssues();
        o.Validate("gpio", issues);
        Assert.Equal(valid, !issues.Items.Any(i => i.Path == "gpio.outputs[0].chip"));
    }

    [Fact]
    public void Empty_options_mean_gpio_is_off()
    {
        Assert.False(new GpioOptions().Enabled);
        Assert.True(new GpioOptions { Input = new() { Line = 1 } }.Enabled);
    }
}
