using System.Runtime.InteropServices;
using EdgeFace.Device.Board;

namespace EdgeFace.Device.Tests;

public sealed class BoardDetectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edgeface-board").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Theory]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0", "raspberrypi,5-model-b\0brcm,bcm2712\0", BoardDetector.RaspberryPi5)]
    [InlineData("Raspberry Pi 4 Model B Rev 1.4", "raspberrypi,4-model-b\0brcm,bcm2711\0", BoardDetector.RaspberryPi4)]
    [InlineData("Raspberry Pi Compute Module 4 Rev 1.1", "raspberrypi,4-compute-module\0brcm,bcm2711\0", BoardDetector.RaspberryPi4)]
    [InlineData("Raspberry Pi Zero 2 W Rev 1.0", "raspberrypi,model-zero-2-w\0brcm,bcm2837\0", BoardDetector.RaspberryPiZero2W)]
    [InlineData("NVIDIA Jetson Orin Nano Developer Kit", "nvidia,p3768-0000+p3767-0005\0nvidia,p3767-0005\0nvidia,tegra234\0", BoardDetector.JetsonOrinNano)]
    [InlineData("Radxa ROCK 5B", "radxa,rock-5b\0rockchip,rk3588\0", BoardDetector.RockchipRk3588)]
    [InlineData("Orange Pi 5", "rockchip,rk3588s-orangepi-5\0rockchip,rk3588s\0", BoardDetector.RockchipRk3588)]
    public void Device_tree_boards_map_to_their_profile(string model, string compatible, string profile)
    {
        Write("proc/device-tree/model", model + "\0");
        Write("proc/device-tree/compatible", compatible);
        var info = new BoardDetector(_root, Architecture.Arm64).Detect();
        Assert.Equal(model, info.Model);
        Assert.Equal(profile, info.Profile);
        Assert.True(info.Recognised);
    }

    [Fact]
    public void Unknown_arm_board_gets_the_generic_arm_profile_and_says_so()
    {
        Write("proc/device-tree/model", "Pine64 RockPro64\0");
        Write("proc/device-tree/compatible", "pine64,rockpro64\0rockchip,rk3399\0");
        var info = new BoardDetector(_root, Architecture.Arm64).Detect();
        Assert.Equal((BoardDetector.GenericArm64, false), (info.Profile, info.Recognised));
    }

    [Fact]
    public void Pc_is_recognised_through_dmi()
    {
        Write("sys/class/dmi/id/product_name", "NUC11TNHi5\n");
        Write("sys/class/dmi/id/sys_vendor", "Intel Corporation\n");
        var info = new BoardDetector(_root, Architecture.X64).Detect();
        Assert.Equal(("Intel Corporation NUC11TNHi5", BoardDetector.GenericX86_64), (info.Model, info.Profile));
    }

    [Fact]
    public void This_machine_maps_to_a_profile_that_exists_in_device_configs()
    {
        var info = new BoardDetector().Detect();
        Assert.Contains(info.Profile, DeviceProfiles.Names(EdgeFace.TestSupport.RepoPaths.Path("device-configs")));
    }
}
