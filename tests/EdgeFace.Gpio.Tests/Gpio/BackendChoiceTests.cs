using EdgeFace.Gpio.Board;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class BackendChoiceTests
{
    private sealed class Machine(bool chips, string? libgpiod) : GpioMachine
    {
        public override IReadOnlyList<string> Chips => chips ? ["/dev/gpiochip0"] : [];
        public override string? ChardevUnusable => chips ? null : "no /dev/gpiochip* on this machine";
        public override string? LibgpiodVersion(out string why)
        {
            why = libgpiod is null ? "Libgpiod driver not installed" : "";
            return libgpiod;
        }
    }

    private static GpioOptions Plain(string backend = "auto") => new()
    {
        Backend = backend,
        Outputs = [new GpioOutputOptions { Name = "lamp", Line = 1 }],
        Input = new GpioInputOptions { Name = "pir", Line = 2, Device = "pir" },
    };

    [Fact]
    public void Auto_prefers_libgpiod_where_it_is_installed_and_can_make_every_line()
    {
        var choice = BackendChoice.Choose(Plain(), new Machine(chips: true, libgpiod: "1.6.3"));
        Assert.Equal((GpioBackend.Libgpiod, "libgpiod 1.6.3 found"), (choice.Backend, choice.Reason));
    }

    [Fact]
    public void Auto_takes_the_character_device_without_libgpiod_and_says_why()
    {
        var choice = BackendChoice.Choose(Plain(), new Machine(chips: true, libgpiod: null));
        Assert.Equal(GpioBackend.Chardev, choice.Backend);
        Assert.Equal("libgpiod is not usable (Libgpiod driver not installed)", choice.Reason);
    }

    [Fact]
    public void Auto_takes_the_character_device_for_settings_libgpiod_cannot_make()
    {
        var options = Plain();
        options.Outputs[0].Drive = "open_drain";
        options.Input!.Bias = "pull_down";
        var choice = BackendChoice.Choose(options, new Machine(chips: true, libgpiod: "1.6.3"));
        Assert.Equal(GpioBackend.Chardev, choice.Backend);
        Assert.Equal("gpio.outputs[0].drive open_drain (and 1 more) needs EdgeFace's own character-device driver", choice.Reason);
    }

    [Fact]
    public void Auto_logs_only_without_a_chip()
    {
        var choice = BackendChoice.Choose(Plain(), new Machine(chips: false, libgpiod: null));
        Assert.Equal((GpioBackend.Log, "no /dev/gpiochip* on this machine: GPIO outputs are only logged"), (choice.Backend, choice.Reason));
    }

    [Fact]
    public void A_configured_backend_that_cannot_work_is_refused_with_the_reason()
    {
        var options = Plain("libgpiod");
        options.Input!.DebounceMs = 10;
        var e = Assert.Throws<GpioException>(() => BackendChoice.Choose(options, new Machine(chips: true, libgpiod: "1.6.3")));
        Assert.Contains("gpio.backend libgpiod cannot make gpio.input.debounce_ms 10", e.Message);
        e = Assert.Throws<GpioException>(() => BackendChoice.Choose(Plain("libgpiod"), new Machine(chips: true, libgpiod: null)));
        Assert.Contains("Libgpiod driver not installed (the Debian / Raspberry Pi OS package is libgpiod2)", e.Message);
        e = Assert.Throws<GpioException>(() => BackendChoice.Choose(Plain("chardev"), new Machine(chips: false, libgpiod: null)));
        Assert.Equal("gpio.backend chardev: no /dev/gpiochip* on this machine", e.Message);
        Assert.Equal(GpioBackend.Log, BackendChoice.Choose(Plain("log"), new Machine(chips: true, libgpiod: "1.6.3")).Backend);
    }

    [Theory]
    [InlineData("pull_up", true, false)]    // pressed pulls low, pull-up: what GpioButton sets itself
    [InlineData("pull_down", false, false)]
    [InlineData("pull_up", false, true)]    // a pull against the binding's polarity: only the chardev driver
    [InlineData("disabled", true, true)]
    public void A_button_needs_the_character_device_only_for_a_pull_its_binding_would_not_choose(string bias, bool activeLow, bool needsChardev)
    {
        var options = Plain();
        options.Input = new GpioInputOptions { Name = "button", Line = 2, Device = "button", Bias = bias, ActiveLow = activeLow, DebounceMs = 30 };
        Assert.Equal(needsChardev, BackendChoice.ChardevOnlySettings(options).Count > 0);
    }
}
