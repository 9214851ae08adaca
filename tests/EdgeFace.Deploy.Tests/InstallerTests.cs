using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeFace.Device.Board;
using EdgeFace.TestSupport;

namespace EdgeFace.Deploy.Tests;

/// <summary>Runs deploy/install.sh for real into scratch DESTDIR trees and checks what it leaves there.</summary>
public sealed class InstallerTests : IDisposable
{
    private static readonly string Script = RepoPaths.Path("deploy", "install.sh");
    private readonly string _scratch = Directory.CreateTempSubdirectory("edgeface-install").FullName;

    public void Dispose() => Directory.Delete(_scratch, true);

    private string Dest => Path.Combine(_scratch, "root");

    /// <summary>Stands in for a `dotnet publish` output so these tests need neither the SDK build nor minutes.</summary>
    private string Prebuilt(string marker = "v1")
    {
        string dir = Path.Combine(_scratch, "publish-" + marker);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "edgeface.dll"), marker);
        File.WriteAllText(Path.Combine(dir, "edgeface"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(dir, $"only-in-{marker}.txt"), marker);
        File.WriteAllText(Path.Combine(dir, "libonnxruntime.so"), "ort " + marker);
        return dir;
    }

    private ScriptRunner.Result Install(string args, Dictionary<string, string?>? env = null)
    {
        env ??= new();
        env["DESTDIR"] = Dest;
        return ScriptRunner.Run(Script, args, env);
    }

    private string InDest(string path) => Path.Combine(Dest, path.TrimStart('/'));

    [Fact]
    public void Staged_install_lays_out_the_tree_and_is_idempotent()
    {
        var r = Install($"--prebuilt {Prebuilt("v1")} --profile raspberry-pi-5");
        Assert.True(r.ExitCode == 0, r.ToString());

        Assert.Equal("v1", File.ReadAllText(InDest("/opt/edgeface/edgeface.dll")));
        Assert.Equal("ort v1", File.ReadAllText(InDest("/opt/edgeface/libonnxruntime.so")));
        Assert.True(Directory.Exists(InDest("/opt/edgeface/models-int8")));
        Assert.True(File.Exists(InDest("/opt/edgeface/device-configs/jetson-orin-nano.json")));
        Assert.Equal(File.ReadAllText(RepoPaths.Path("device-configs", "raspberry-pi-5.json")), File.ReadAllText(InDest("/etc/edgeface/config.json")));
        Assert.Equal(File.ReadAllText(RepoPaths.Path("deploy", "edgeface.service")), File.ReadAllText(InDest("/etc/systemd/system/edgeface.service")));
        Assert.Matches(@"Environment=DOTNET_ROOT=/\S+", File.ReadAllText(InDest("/etc/systemd/system/edgeface.service.d/10-install.conf")));
        Assert.Contains("no service enabled", r.Stderr);

        // The user's edits survive a second run; the program is replaced as a whole (stale files go).
        File.WriteAllText(InDest("/etc/edgeface/config.json"), "{\"profile\":\"mine\"}");
        r = Install($"--prebuilt {Prebuilt("v2")} --profile generic-x86-64");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("{\"profile\":\"mine\"}", File.ReadAllText(InDest("/etc/edgeface/config.json")));
        Assert.Contains("keeping existing", r.Stderr);
        Assert.Equal("v2", File.ReadAllText(InDest("/opt/edgeface/edgeface.dll")));
        Assert.False(File.Exists(InDest("/opt/edgeface/only-in-v1.txt")));
        Assert.True(File.Exists(InDest("/opt/edgeface/only-in-v2.txt")));

        // Uninstall keeps configuration and state; purge removes them.
        r = Install("--uninstall");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(Directory.Exists(InDest("/opt/edgeface")));
        Assert.False(File.Exists(InDest("/etc/systemd/system/edgeface.service")));
        Assert.True(File.Exists(InDest("/etc/edgeface/config.json")));
        r = Install("--uninstall --purge");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(Directory.Exists(InDest("/etc/edgeface")));
    }

    /// <summary>
    /// Stands in for a self-contained `scripts/publish.sh` bundle: bin/ with an apphost whose ELF header names
    /// <paramref name="elfMachine"/> (183 aarch64, 62 x86-64), the runtime's libcoreclr.so and ONNX Runtime.
    /// </summary>
    private string SelfContainedBundle(ushort elfMachine)
    {
        string bundle = Path.Combine(_scratch, $"bundle-{elfMachine}");
        string bin = Path.Combine(bundle, "bin");
        Directory.CreateDirectory(bin);
        var elf = new byte[64];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F';
        elf[4] = 2; elf[5] = 1; // 64-bit, little-endian
        BitConverter.TryWriteBytes(elf.AsSpan(18), elfMachine);
        File.WriteAllBytes(Path.Combine(bin, "edgeface"), elf);
        File.SetUnixFileMode(Path.Combine(bin, "edgeface"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(bin, "edgeface.dll"), "self-contained");
        File.WriteAllText(Path.Combine(bin, "libcoreclr.so"), "runtime");
        File.WriteAllText(Path.Combine(bin, "libonnxruntime.so.1"), "ort from the bundle");
        return bundle;
    }

    /// <summary>A PATH holding every program of this machine except dotnet: a fresh Raspberry Pi OS has no .NET.</summary>
    private string PathWithoutDotnet()
    {
        string dir = Path.Combine(_scratch, "no-dotnet-bin");
        Directory.CreateDirectory(dir);
        foreach (var d in new[] { "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" })
        {
            if (!Directory.Exists(d)) continue;
            foreach (var f in Directory.GetFiles(d))
            {
                string link = Path.Combine(dir, Path.GetFileName(f));
                if (Path.GetFileName(f) != "dotnet" && !File.Exists(link) && !Directory.Exists(link)) File.CreateSymbolicLink(link, f);
            }
        }
        return dir;
    }

    [Fact]
    public void Self_contained_arm64_bundle_installs_on_a_machine_without_dotnet()
    {
        string bin = Path.Combine(SelfContainedBundle(183), "bin");
        var env = new Dictionary<string, string?> { ["PATH"] = PathWithoutDotnet(), ["EDGEFACE_ARCH"] = "aarch64" };
        var r = Install($"--prebuilt {bin} --profile raspberry-pi-4", env);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("no .NET runtime needed", r.Stderr);
        Assert.Contains("ONNX Runtime comes with the build", r.Stderr);
        Assert.Equal("ort from the bundle", File.ReadAllText(InDest("/opt/edgeface/libonnxruntime.so.1")));
        Assert.True(File.Exists(InDest("/opt/edgeface/libcoreclr.so")));
        Assert.Equal(File.ReadAllText(RepoPaths.Path("device-configs", "raspberry-pi-4.json")), File.ReadAllText(InDest("/etc/edgeface/config.json")));
        // the service needs no DOTNET_ROOT: a self-contained apphost carries its runtime
        Assert.DoesNotContain("DOTNET_ROOT", File.ReadAllText(InDest("/etc/systemd/system/edgeface.service.d/10-install.conf")));

        // The same machine without .NET and a framework-dependent build: refused, naming the self-contained way out.
        r = Install($"--prebuilt {Prebuilt()} --profile raspberry-pi-4", env);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the .NET runtime is not installed", r.Stderr);
        Assert.Contains("self-contained release bundle", r.Stderr);
    }

    [Fact]
    public void Self_contained_bundle_for_the_other_architecture_is_refused()
    {
        string bin = Path.Combine(SelfContainedBundle(62), "bin");
        var r = Install($"--prebuilt {bin} --profile raspberry-pi-5", new() { ["PATH"] = PathWithoutDotnet(), ["EDGEFACE_ARCH"] = "aarch64" });
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("self-contained build for linux-x64; this machine needs linux-arm64", r.Stderr);
        Assert.False(Directory.Exists(InDest("/opt/edgeface")));
    }

    [Fact]
    public void Installer_run_from_inside_a_bundle_installs_the_bundle_program()
    {
        // scripts/publish.sh lays the bundle out as BUILD + bin/ + deploy/ + models-int8/ + device-configs/.
        string bundle = SelfContainedBundle(183);
        File.WriteAllText(Path.Combine(bundle, "BUILD"), "0.1.0\nlinux-arm64\nself-contained\n");
        foreach (var dir in new[] { "deploy", "device-configs", "scripts/deps" })
            Directory.CreateDirectory(Path.Combine(bundle, dir));
        foreach (var file in new[] { "deploy/install.sh", "deploy/edgeface.service", "scripts/deps/apt-runtime.txt" })
            File.Copy(RepoPaths.Path(file.Split('/')), Path.Combine(bundle, file));
        foreach (var profile in Directory.GetFiles(RepoPaths.Path("device-configs"), "*.json"))
            File.Copy(profile, Path.Combine(bundle, "device-configs", Path.GetFileName(profile)));
        File.SetUnixFileMode(Path.Combine(bundle, "deploy/install.sh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var r = ScriptRunner.Run(Path.Combine(bundle, "deploy/install.sh"), "--profile raspberry-pi-zero-2w",
            new Dictionary<string, string?> { ["DESTDIR"] = Dest, ["PATH"] = PathWithoutDotnet(), ["EDGEFACE_ARCH"] = "aarch64" });
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"using prebuilt program from {bundle}/bin", r.Stderr);
        Assert.Equal("self-contained", File.ReadAllText(InDest("/opt/edgeface/edgeface.dll")));
    }

    [Fact]
    public void Dry_run_changes_nothing_and_says_what_it_would_do()
    {
        var r = Install($"--dry-run --prebuilt {Prebuilt()} --profile generic-x86-64");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("would run: install -m 0644", r.Stderr);
        Assert.False(File.Exists(InDest("/etc/systemd/system/edgeface.service")));
        Assert.False(File.Exists(InDest("/etc/edgeface/config.json")));
    }

    [Fact]
    public void Unknown_profile_and_missing_runtime_fail_with_clear_messages()
    {
        var r = Install($"--prebuilt {Prebuilt()} --profile raspberry-pi-1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no device profile 'raspberry-pi-1'", r.Stderr);
        Assert.Contains("raspberry-pi-5", r.Stderr);

        // A dotnet that only has .NET 8: the script must name the missing runtime and the official install command.
        string fakeBin = Path.Combine(_scratch, "bin");
        Directory.CreateDirectory(fakeBin);
        string fake = Path.Combine(fakeBin, "dotnet");
        File.WriteAllText(fake, "#!/bin/sh\n[ \"$1\" = --list-runtimes ] && echo 'Microsoft.NETCore.App 8.0.11 [/usr/lib/dotnet/shared/Microsoft.NETCore.App]'\nexit 0\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        r = Install($"--prebuilt {Prebuilt()}", new() { ["PATH"] = fakeBin + ":" + Environment.GetEnvironmentVariable("PATH") });
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(".NET 10 runtime is missing", r.Stderr);
        Assert.Contains("https://dot.net/v1/dotnet-install.sh", r.Stderr);
    }

    public static TheoryData<string, string, string> Boards() => new()
    {
        { "Raspberry Pi 5 Model B Rev 1.0", "raspberrypi,5-model-b\0brcm,bcm2712\0", "aarch64" },
        { "Raspberry Pi 400 Rev 1.0", "raspberrypi,400\0brcm,bcm2711\0", "aarch64" },
        { "Raspberry Pi Zero 2 W Rev 1.0", "raspberrypi,model-zero-2-w\0brcm,bcm2837\0", "aarch64" },
        { "NVIDIA Jetson Orin Nano Developer Kit", "nvidia,p3768-0000+p3767-0005\0nvidia,p3767\0nvidia,tegra234\0", "aarch64" },
        { "Radxa ROCK 5B", "radxa,rock-5b\0rockchip,rk3588\0", "aarch64" },
        { "Pine64 RockPro64", "pine64,rockpro64\0rockchip,rk3399\0", "aarch64" },
        { "", "", "x86_64" },
    };

    [Theory]
    [MemberData(nameof(Boards))]
    public void Shell_board_detection_agrees_with_BoardDetector(string model, string compatible, string arch)
    {
        string root = Path.Combine(_scratch, "board");
        if (model.Length > 0)
        {
            Directory.CreateDirectory(Path.Combine(root, "proc/device-tree"));
            File.WriteAllText(Path.Combine(root, "proc/device-tree/model"), model + "\0");
            File.WriteAllText(Path.Combine(root, "proc/device-tree/compatible"), compatible);
        }
        else Directory.CreateDirectory(root);
        var expected = new BoardDetector(root, arch == "x86_64" ? Architecture.X64 : Architecture.Arm64).Detect().Profile;
        var r = ScriptRunner.Run(Script, "--detect-profile", new Dictionary<string, string?> { ["EDGEFACE_BOARD_ROOT"] = root, ["EDGEFACE_ARCH"] = arch });
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected, r.Stdout.Trim());
    }

    [RequiresCommandFact("systemd-analyze")]
    public void Unit_passes_systemd_analyze_verify()
    {
        // verify checks that ExecStart= exists: point it at a staged executable instead of /opt on this machine.
        string exe = Path.Combine(_scratch, "opt/edgeface/edgeface");
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        File.WriteAllText(exe, "#!/bin/sh\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string unitText = File.ReadAllText(RepoPaths.Path("deploy", "edgeface.service"));
        string dir = Path.Combine(_scratch, "units");
        Directory.CreateDirectory(dir);
        string unit = Path.Combine(dir, "edgeface.service");
        File.WriteAllText(unit, unitText.Replace("/opt/edgeface", Path.Combine(_scratch, "opt/edgeface")));
        var r = ScriptRunner.Run("systemd-analyze", $"verify {unit}");
        Assert.True(r.ExitCode == 0 && r.Stderr.Trim().Length == 0, r.ToString());

        // The same check on a broken copy must complain, or the check above proves nothing.
        string broken = Path.Combine(dir, "broken.service");
        File.WriteAllText(broken, unitText.Replace("Type=notify", "Type=notifyy").Replace("/opt/edgeface/edgeface run", "/nonexistent/edgeface run"));
        r = ScriptRunner.Run("systemd-analyze", $"verify {broken}");
        Assert.NotEqual(0, r.ExitCode);
    }

    [Fact]
    public void Unit_has_the_required_hardening_and_device_access()
    {
        var lines = File.ReadAllLines(RepoPaths.Path("deploy", "edgeface.service")).Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToHashSet();
        string[] required =
        [
            "Type=notify", "Restart=on-failure", "User=edgeface", "SupplementaryGroups=video gpio", "ProtectSystem=strict", "ReadWritePaths=/etc/edgeface",
            "NoNewPrivileges=yes", "DevicePolicy=closed", "DeviceAllow=char-video4linux rw", "DeviceAllow=char-gpiochip rw",
            "StateDirectory=edgeface", "ConfigurationDirectory=edgeface",
            "ExecStart=/opt/edgeface/edgeface run --config /etc/edgeface/config.json",
        ];
        foreach (var line in required) Assert.Contains(line, lines);
        Assert.Contains(lines, l => l.StartsWith("WatchdogSec="));
        Assert.DoesNotContain(lines, l => l.StartsWith("PrivateDevices=yes"));
    }

    [RequiresEnvironmentFact("EDGEFACE_INSTALL_PUBLISH", "a Release publish of the whole daemon takes minutes on a shared 2-core machine")]
    public void Full_install_publishes_the_real_daemon()
    {
        var r = ScriptRunner.Run(Script, "--profile generic-x86-64", new Dictionary<string, string?> { ["DESTDIR"] = Dest }, timeoutMs: 1_200_000);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var rc = JsonDocument.Parse(File.ReadAllText(InDest("/opt/edgeface/edgeface.runtimeconfig.json")));
        Assert.Equal("Microsoft.NETCore.App", rc.RootElement.GetProperty("runtimeOptions").GetProperty("framework").GetProperty("name").GetString());
        Assert.True(File.Exists(InDest("/opt/edgeface/edgeface")), "apphost missing");
        Assert.True(File.Exists(InDest("/opt/edgeface/EdgeFace.Device.dll")));
    }
}
