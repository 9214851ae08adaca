using EdgeFace.Gpio.Benchmarks;

namespace EdgeFace.Gpio.Tests.Gpio;

/// <summary>The GPIO benchmark code runs and prints a figure per rule evaluation (numbers are not judged here: this is no timed test).</summary>
public sealed class GpioBenchmarkTests
{
    [Fact]
    public void Gpio_benchmark_prints_rule_costs()
    {
        var output = new StringWriter();
        GpioBenchmark.Run(output, scale: 0.001);
        Assert.Matches(@"GpioRulesEngine\.OnFrame \(3 rules, 5 faces\)\s+\d+\.\d ns/op\s+0 B/op", output.ToString());
    }
}
