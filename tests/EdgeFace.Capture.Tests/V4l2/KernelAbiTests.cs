using System.Diagnostics;
using EdgeFace.Capture.V4l2;
using EdgeFace.TestSupport;

namespace EdgeFace.Capture.Tests.V4l2;

/// <summary>Compiles a C program against the kernel's &lt;linux/videodev2.h&gt; and compares every number with V4l2Interop.</summary>
public class KernelAbiTests
{
    [RequiresCommandFact("gcc")]
    public void Every_struct_size_offset_and_ioctl_number_matches_the_kernel_header()
    {
        if (!File.Exists("/usr/include/linux/videodev2.h")) Assert.Fail("linux-libc-dev is missing (/usr/include/linux/videodev2.h); install it");
        var printed = CompileAndRun(CProgram());
        Assert.Equal(V4l2Abi.Values.Count, printed.Count);
        var mismatches = V4l2Abi.Values
            .Where(kv => !printed.TryGetValue(kv.Key, out long c) || c != kv.Value)
            .Select(kv => $"{kv.Key}: C# {kv.Value} (0x{kv.Value:X}), C {(printed.TryGetValue(kv.Key, out long c) ? $"{c} (0x{c:X})" : "missing")}")
            .ToList();
        Assert.True(mismatches.Count == 0, "ABI mismatches:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public void The_documented_numbers_are_what_the_interop_file_holds()
    {
        // Independent of gcc: the values published in the project's kernel-ABI notes.
        Assert.Equal(0x80685600, V4l2Abi.Values["VIDIOC_QUERYCAP"]);
        Assert.Equal(0xC0D05605, V4l2Abi.Values["VIDIOC_S_FMT"]);
        Assert.Equal(0xC0585611, V4l2Abi.Values["VIDIOC_DQBUF"]);
        Assert.Equal(0xC02C564A, V4l2Abi.Values["VIDIOC_ENUM_FRAMESIZES"]);
        Assert.Equal(88, V4l2Abi.Values["sizeof(v4l2_buffer)"]);
        Assert.Equal(0x56595559, V4l2Abi.Values["V4L2_PIX_FMT_YUYV"]);
    }

    // Each key is printed as the C expression that computes it, so the C side is the independent source of truth.
    private static string CProgram()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("#include <stdio.h>\n#include <stddef.h>\n#include <fcntl.h>\n#include <errno.h>\n#include <poll.h>\n#include <linux/videodev2.h>");
        sb.AppendLine("int main(void) {");
        foreach (var key in V4l2Abi.Values.Keys)
        {
            string expr = key;
            if (key.StartsWith("sizeof(", StringComparison.Ordinal) && !key.Contains("struct "))
                expr = "sizeof(struct " + key["sizeof(".Length..];
            else if (key.StartsWith("offsetof(", StringComparison.Ordinal))
                expr = "offsetof(struct " + key["offsetof(".Length..];
            sb.AppendLine($"  printf(\"%s=%llu\\n\", \"{key}\", (unsigned long long)({expr}));");
        }
        sb.AppendLine("  return 0;\n}");
        return sb.ToString();
    }

    private static Dictionary<string, long> CompileAndRun(string source)
    {
        string dir = Directory.CreateTempSubdirectory("edgeface-abi-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "abi.c"), source);
            Run("gcc", $"-std=gnu11 -Wall -o {dir}/abi {dir}/abi.c");
            return Run($"{dir}/abi", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => (long)ulong.Parse(p[1]));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string Run(string program, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} failed: {error}");
        return output;
    }
}
