using System.Diagnostics;
using EdgeFace.Gpio.Interop;
using EdgeFace.TestSupport;

namespace EdgeFace.Gpio.Tests.Gpio;

/// <summary>Compiles a C program against the machine's &lt;linux/gpio.h&gt; and compares every number with the C# interop.</summary>
public sealed unsafe class KernelAbiTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/gpio.h>
        #define P(name, value) printf("%s=%lu\n", name, (unsigned long)(value))
        int main(void) {
          P("sizeof.chip_info", sizeof(struct gpiochip_info));
          P("sizeof.line_info", sizeof(struct gpio_v2_line_info));
          P("sizeof.line_request", sizeof(struct gpio_v2_line_request));
          P("sizeof.line_config", sizeof(struct gpio_v2_line_config));
          P("sizeof.line_values", sizeof(struct gpio_v2_line_values));
          P("sizeof.line_event", sizeof(struct gpio_v2_line_event));
          P("sizeof.line_attribute", sizeof(struct gpio_v2_line_attribute));
          P("sizeof.config_attribute", sizeof(struct gpio_v2_line_config_attribute));
          P("chip_info.lines", offsetof(struct gpiochip_info, lines));
          P("line_info.consumer", offsetof(struct gpio_v2_line_info, consumer));
          P("line_info.offset", offsetof(struct gpio_v2_line_info, offset));
          P("line_info.num_attrs", offsetof(struct gpio_v2_line_info, num_attrs));
          P("line_info.flags", offsetof(struct gpio_v2_line_info, flags));
          P("line_info.attrs", offsetof(struct gpio_v2_line_info, attrs));
          P("line_request.consumer", offsetof(struct gpio_v2_line_request, consumer));
          P("line_request.config", offsetof(struct gpio_v2_line_request, config));
          P("line_request.num_lines", offsetof(struct gpio_v2_line_request, num_lines));
          P("line_request.event_buffer_size", offsetof(struct gpio_v2_line_request, event_buffer_size));
          P("line_request.fd", offsetof(struct gpio_v2_line_request, fd));
          P("line_config.num_attrs", offsetof(struct gpio_v2_line_config, num_attrs));
          P("line_config.attrs", offsetof(struct gpio_v2_line_config, attrs));
          P("config_attribute.mask", offsetof(struct gpio_v2_line_config_attribute, mask));
          P("line_attribute.union", offsetof(struct gpio_v2_line_attribute, flags));
          P("line_values.mask", offsetof(struct gpio_v2_line_values, mask));
          P("line_event.id", offsetof(struct gpio_v2_line_event, id));
          P("line_event.offset", offsetof(struct gpio_v2_line_event, offset));
          P("line_event.seqno", offsetof(struct gpio_v2_line_event, seqno));
          P("line_event.line_seqno", offsetof(struct gpio_v2_line_event, line_seqno));
          P("ioctl.get_chipinfo", GPIO_GET_CHIPINFO_IOCTL);
          P("ioctl.v2_get_lineinfo", GPIO_V2_GET_LINEINFO_IOCTL);
          P("ioctl.v2_get_line", GPIO_V2_GET_LINE_IOCTL);
          P("ioctl.v2_line_set_config", GPIO_V2_LINE_SET_CONFIG_IOCTL);
          P("ioctl.v2_line_get_values", GPIO_V2_LINE_GET_VALUES_IOCTL);
          P("ioctl.v2_line_set_values", GPIO_V2_LINE_SET_VALUES_IOCTL);
          P("flag.used", GPIO_V2_LINE_FLAG_USED);
          P("flag.active_low", GPIO_V2_LINE_FLAG_ACTIVE_LOW);
          P("flag.input", GPIO_V2_LINE_FLAG_INPUT);
          P("flag.output", GPIO_V2_LINE_FLAG_OUTPUT);
          P("flag.edge_rising", GPIO_V2_LINE_FLAG_EDGE_RISING);
          P("flag.edge_falling", GPIO_V2_LINE_FLAG_EDGE_FALLING);
          P("flag.open_drain", GPIO_V2_LINE_FLAG_OPEN_DRAIN);
          P("flag.open_source", GPIO_V2_LINE_FLAG_OPEN_SOURCE);
          P("flag.pull_up", GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
          P("flag.pull_down", GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
          P("flag.bias_disabled", GPIO_V2_LINE_FLAG_BIAS_DISABLED);
          P("flag.event_clock_realtime", GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME);
          P("attr.flags", GPIO_V2_LINE_ATTR_ID_FLAGS);
          P("attr.output_values", GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES);
          P("attr.debounce", GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
          P("event.rising", GPIO_V2_LINE_EVENT_RISING_EDGE);
          P("event.falling", GPIO_V2_LINE_EVENT_FALLING_EDGE);
          P("max.name", GPIO_MAX_NAME_SIZE);
          P("max.lines", GPIO_V2_LINES_MAX);
          P("max.attrs", GPIO_V2_LINE_NUM_ATTRS_MAX);
          return 0;
        }
        """;

    private static Dictionary<string, ulong> CSharpValues()
    {
        GpioChipInfoNative chip = default;
        GpioLineInfoNative info = default;
        GpioLineRequestNative req = default;
        GpioLineConfigNative cfg = default;
        GpioLineConfigAttributeNative cattr = default;
        GpioLineAttributeNative attr = default;
        GpioLineValuesNative vals = default;
        GpioLineEventNative ev = default;
        static ulong Off(void* field, void* start) => (ulong)((byte*)field - (byte*)start);
        return new()
        {
            ["sizeof.chip_info"] = (ulong)sizeof(GpioChipInfoNative),
            ["sizeof.line_info"] = (ulong)sizeof(GpioLineInfoNative),
            ["sizeof.line_request"] = (ulong)sizeof(GpioLineRequestNative),
            ["sizeof.line_config"] = (ulong)sizeof(GpioLineConfigNative),
            ["sizeof.line_values"] = (ulong)sizeof(GpioLineValuesNative),
            ["sizeof.line_event"] = (ulong)sizeof(GpioLineEventNative),
            ["sizeof.line_attribute"] = (ulong)sizeof(GpioLineAttributeNative),
            ["sizeof.config_attribute"] = (ulong)sizeof(GpioLineConfigAttributeNative),
            ["chip_info.lines"] = Off(&chip.Lines, &chip),
            ["line_info.consumer"] = Off(info.Consumer, &info),
            ["line_info.offset"] = Off(&info.Offset, &info),
            ["line_info.num_attrs"] = Off(&info.NumAttrs, &info),
            ["line_info.flags"] = Off(&info.Flags, &info),
            ["line_info.attrs"] = Off(&info.Attrs, &info),
            ["line_request.consumer"] = Off(req.Consumer, &req),
            ["line_request.config"] = Off(&req.Config, &req),
            ["line_request.num_lines"] = Off(&req.NumLines, &req),
            ["line_request.event_buffer_size"] = Off(&req.EventBufferSize, &req),
            ["line_request.fd"] = Off(&req.Fd, &req),
            ["line_config.num_attrs"] = Off(&cfg.NumAttrs, &cfg),
            ["line_config.attrs"] = Off(&cfg.Attrs, &cfg),
            ["config_attribute.mask"] = Off(&cattr.Mask, &cattr),
            ["line_attribute.union"] = Off(&attr.Flags, &attr),
            ["line_values.mask"] = Off(&vals.Mask, &vals),
            ["line_event.id"] = Off(&ev.Id, &ev),
            ["line_event.offset"] = Off(&ev.Offset, &ev),
            ["line_event.seqno"] = Off(&ev.Seqno, &ev),
            ["line_event.line_seqno"] = Off(&ev.LineSeqno, &ev),
            ["ioctl.get_chipinfo"] = GpioUapi.GetChipInfo,
            ["ioctl.v2_get_lineinfo"] = GpioUapi.GetLineInfoV2,
            ["ioctl.v2_get_line"] = GpioUapi.GetLineV2,
            ["ioctl.v2_line_set_config"] = GpioUapi.LineSetConfigV2,
            ["ioctl.v2_line_get_values"] = GpioUapi.LineGetValuesV2,
            ["ioctl.v2_line_set_values"] = GpioUapi.LineSetValuesV2,
            ["flag.used"] = (ulong)GpioLineFlags.Used,
            ["flag.active_low"] = (ulong)GpioLineFlags.ActiveLow,
            ["flag.input"] = (ulong)GpioLineFlags.Input,
            ["flag.output"] = (ulong)GpioLineFlags.Output,
            ["flag.edge_rising"] = (ulong)GpioLineFlags.EdgeRising,
            ["flag.edge_falling"] = (ulong)GpioLineFlags.EdgeFalling,
            ["flag.open_drain"] = (ulong)GpioLineFlags.OpenDrain,
            ["flag.open_source"] = (ulong)GpioLineFlags.OpenSource,
            ["flag.pull_up"] = (ulong)GpioLineFlags.BiasPullUp,
            ["flag.pull_down"] = (ulong)GpioLineFlags.BiasPullDown,
            ["flag.bias_disabled"] = (ulong)GpioLineFlags.BiasDisabled,
            ["flag.event_clock_realtime"] = (ulong)GpioLineFlags.EventClockRealtime,
            ["attr.flags"] = (ulong)GpioLineAttrId.Flags,
            ["attr.output_values"] = (ulong)GpioLineAttrId.OutputValues,
            ["attr.debounce"] = (ulong)GpioLineAttrId.Debounce,
            ["event.rising"] = (ulong)GpioLineEventId.RisingEdge,
            ["event.falling"] = (ulong)GpioLineEventId.FallingEdge,
            ["max.name"] = GpioUapi.MaxNameSize,
            ["max.lines"] = GpioUapi.LinesMax,
            ["max.attrs"] = GpioUapi.LineNumAttrsMax,
        };
    }

    [RequiresCommandFact("gcc")]
    public void Interop_matches_linux_gpio_h()
    {
        string dir = Directory.CreateTempSubdirectory("edgeface-gpio-abi").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "abi.c"), Program);
            Run("gcc", $"-o {dir}/abi {dir}/abi.c", out _);
            Run(Path.Combine(dir, "abi"), "", out string output);
            var c = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('='))
                .ToDictionary(p => p[0], p => ulong.Parse(p[1]));
            var cs = CSharpValues();
            Assert.Equal(c.Keys.Order(), cs.Keys.Order());
            var mismatches = c.Where(kv => cs[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: C {kv.Value:X} vs C# {cs[kv.Key]:X}").ToList();
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Ioctl_numbers_match_the_documented_values()
    {
        // Independent of the compiler: the numbers from the project's kernel notes for 64-bit kernels.
        Assert.Equal(0x8044B401u, GpioUapi.GetChipInfo);
        Assert.Equal(0xC100B405u, GpioUapi.GetLineInfoV2);
        Assert.Equal(0xC250B407u, GpioUapi.GetLineV2);
        Assert.Equal(0xC110B40Du, GpioUapi.LineSetConfigV2);
        Assert.Equal(0xC010B40Eu, GpioUapi.LineGetValuesV2);
        Assert.Equal(0xC010B40Fu, GpioUapi.LineSetValuesV2);
    }

    private static void Run(string file, string args, out string stdout)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed ({p.ExitCode}): {stderr}");
    }
}
