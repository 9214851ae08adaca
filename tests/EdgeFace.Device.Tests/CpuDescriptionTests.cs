using EdgeFace.Device.Board;

namespace EdgeFace.Device.Tests;

/// <summary>The device report's CPU line from real-looking /proc/cpuinfo and cpufreq files.</summary>
public sealed class CpuDescriptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edgeface-cpu").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string ArmCore(int n, string part) =>
        $"processor\t: {n}\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: {part}\nCPU revision\t: 3\n\n";

    [Theory]
    [InlineData("0xd08", "Cortex-A72")]   // Raspberry Pi 4
    [InlineData("0xd0b", "Cortex-A76")]   // Raspberry Pi 5
    [InlineData("0xd03", "Cortex-A53")]   // Raspberry Pi Zero 2 W
    [InlineData("0xfff", "implementer 0x41 part 0xfff")]
    public void Arm_cores_are_named_from_implementer_and_part(string part, string expected)
    {
        Write("proc/cpuinfo", string.Concat(Enumerable.Range(0, 4).Select(i => ArmCore(i, part))) + "Model\t: Raspberry Pi\n");
        Write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "1800000\n");
        Write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "ondemand\n");
        var cpu = CpuDescription.Read(_root);
        Assert.Equal(expected, cpu.Model);
        Assert.Equal(1800, cpu.MaxMhz);
        Assert.Equal("ondemand", cpu.Governor);
    }

    [Fact]
    public void Big_little_lists_both_core_types_and_x86_gives_its_model_name()
    {
        Write("proc/cpuinfo", ArmCore(0, "0xd05") + ArmCore(1, "0xd05") + ArmCore(4, "0xd0b"));
        Assert.Equal("Cortex-A55 + Cortex-A76", CpuDescription.Read(_root).Model); // RK3588

        Write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: avx2\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n");
        var cpu = CpuDescription.Read(_root);
        Assert.Equal("AMD EPYC 7B13", cpu.Model);
        Assert.Null(cpu.MaxMhz); // no cpufreq in a VM
        Assert.Null(cpu.Governor);
    }
}
