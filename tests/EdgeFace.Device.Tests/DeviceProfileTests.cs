using System.Text.Json;
using EdgeFace.Core.Configuration;
using EdgeFace.Device.Board;
using EdgeFace.TestSupport;

namespace EdgeFace.Device.Tests;

public sealed class DeviceProfileTests
{
    private static readonly string Dir = RepoPaths.Path("device-configs");

    public static TheoryData<string> Profiles() => new(DeviceProfiles.Names(Dir));

    [Fact]
    public void Every_profile_the_detector_can_answer_exists()
    {
        var names = DeviceProfiles.Names(Dir);
        string[] detectorProfiles =
        [
            BoardDetector.RaspberryPi5, BoardDetector.RaspberryPi4, BoardDetector.RaspberryPiZero2W, BoardDetector.JetsonOrinNano,
            BoardDetector.RockchipRk3588, BoardDetector.GenericX86_64, BoardDetector.GenericArm64,
        ];
        Assert.Equal(detectorProfiles.Order(), names);
        var e = Assert.Throws<FileNotFoundException>(() => DeviceProfiles.PathOf("raspberry-pi-3", Dir));
        Assert.Contains("raspberry-pi-5", e.Message);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Profile_has_the_agreed_keys_and_valid_values(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DeviceProfiles.PathOf(name, Dir)));
        var root = doc.RootElement;
        Assert.Equal(["detection", "inference", "memory_budget_mb", "profile", "source", "thermal"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(name, root.GetProperty("profile").GetString());
        string source = root.GetProperty("source").GetString()!;
        Assert.Matches(@"^(v4l2:/dev/video\d+|rpicam:)\?width=\d+&height=\d+&fps=\d+$", source);
        var inference = root.GetProperty("inference");
        Assert.InRange(inference.GetProperty("intra_op_threads").GetInt32(), 1, 8);
        var providers = inference.GetProperty("providers").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal("cpu", providers[^1]);   // CPU is always the last fallback
        Assert.InRange(root.GetProperty("detection").GetProperty("detect_every").GetInt32(), 1, 10);
        Assert.InRange(root.GetProperty("detection").GetProperty("max_fps").GetInt32(), 1, 60);
        Assert.InRange(root.GetProperty("memory_budget_mb").GetInt32(), 50, 1024);

        var thermal = root.GetProperty("thermal").Deserialize(DeviceJsonContext.Default.ThermalOptions)!;
        var issues = new ConfigIssues();
        thermal.Validate("thermal", issues);
        Assert.True(issues.IsValid, string.Join("; ", issues.Items));
    }

    [Fact]
    public void Jetson_asks_for_gpu_providers_first()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DeviceProfiles.PathOf(BoardDetector.JetsonOrinNano, Dir)));
        Assert.Equal(["tensorrt", "cuda", "cpu"], doc.RootElement.GetProperty("inference").GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
    }
}
