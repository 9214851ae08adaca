using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeFace.TestSupport;
using Xunit.Abstractions;

namespace EdgeFace.Inference.Tests;

/// <summary>
/// kpnet-int8 loaded as EdgeFace loads it must give what its unoptimised graph gives (<see cref="Int8Reference"/>).
/// On x86-64 CPUs without VNNI the fused U8S8 kernels overflow unless session.x64quantprecision is set. Measured on
/// this project's machine (seeded input / demo astronaut), correct kernels: |Δscale| 0.007 / 0.086, |Δkpt| 0.30 /
/// 0.37; AVX2 without VNNI and without the setting (qemu -cpu EPYC-Rome): |Δscale| 0.018 / 0.27, |Δkpt| 1.92 / 5.03.
/// The tolerances (0.15, 1.0) sit between the two.
/// </summary>
public class X64QuantPrecisionTests(ITestOutputHelper output)
{
    /// <summary>The emulated CPU: AMD Zen 2, AVX2 without VNNI (QEMU's TCG emulates AVX2, not AVX-512).</summary>
    private const string NonVnniCpu = "EPYC-Rome";

    public sealed class RequiresKpnetFactAttribute : FactAttribute
    {
        public RequiresKpnetFactAttribute(bool emulated = false)
        {
            if (!File.Exists(Int8Reference.Manifest)) Skip = "models-int8/kpnet-int8.json is not there";
            else if (SkipReasons.OnnxRuntimeMissing() is { } ort) Skip = ort;
            else if (emulated && RuntimeInformation.ProcessArchitecture != Architecture.X64)
                Skip = $"the U8S8 overflow is an x86-64 kernel's; this process is {RuntimeInformation.ProcessArchitecture}";
            else if (emulated && SkipReasons.CommandMissing("qemu-x86_64-static") is { } qemu)
                Skip = $"{qemu}: cannot emulate a CPU without VNNI (Debian package qemu-user-static)";
        }
    }

    /// <summary>On this CPU, as the daemon loads the model. Fails on a non-VNNI x86-64 CPU if the setting is not applied.</summary>
    [RequiresKpnetFact]
    public void Default_session_matches_the_unoptimised_graph_on_this_cpu()
    {
        output.WriteLine($"{RuntimeInformation.ProcessArchitecture}, VNNI: {CpuHasVnni()}");
        foreach (string input in Int8Reference.Inputs())
        {
            var d = Int8Reference.Measure(new InferenceOptions { IntraOpThreads = 1 }, input);
            output.WriteLine(d.ToString());
            Assert.True(d.WithinTolerance, d.ToString());
        }
    }

    /// <summary>
    /// The same comparison on an emulated AVX2 CPU without VNNI, where the overflow happens: with the default options
    /// the outputs match; with <c>x64_quant_precision</c> off they do not (which also shows the test above can fail).
    /// </summary>
    [RequiresKpnetFact(emulated: true)]
    public void On_an_avx2_cpu_without_vnni_the_setting_is_what_keeps_int8_outputs_right()
    {
        var lines = RunProbeEmulated();
        var on = lines.Where(l => l.Precise).ToArray();
        var off = lines.Where(l => !l.Precise).ToArray();
        Assert.NotEmpty(on);
        Assert.Equal(on.Length, off.Length);
        foreach (var d in on) { output.WriteLine($"{NonVnniCpu}, default (setting on): {d.Difference}"); Assert.True(d.Difference.WithinTolerance, d.Difference.ToString()); }
        foreach (var d in off) { output.WriteLine($"{NonVnniCpu}, x64_quant_precision off: {d.Difference}"); Assert.False(d.Difference.WithinTolerance, $"expected the U8S8 overflow: {d.Difference}"); }
    }

    private readonly record struct ProbeLine(bool Precise, Int8Reference.Difference Difference);

    /// <summary>
    /// Runs <see cref="Int8ReferenceProbe"/> under qemu-user. .NET under qemu-user now and then dies with SIGSEGV
    /// (in the emulator, not in ORT; here about one run in three, more often on a loaded machine). Each printed line
    /// is a complete result, so lines are kept across attempts and a crashed run is retried for the rest.
    /// </summary>
    private ProbeLine[] RunProbeEmulated()
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileName(p) == "dotnet" ? p : "/usr/share/dotnet/dotnet";
        int expected = 2 * Int8Reference.Inputs().Count();
        var results = new Dictionary<(bool, string), ProbeLine>();
        string failures = "";
        for (int attempt = 1; attempt <= 6 && results.Count < expected; attempt++)
        {
            var psi = new ProcessStartInfo("qemu-x86_64-static") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "-cpu", NonVnniCpu, host, typeof(Int8ReferenceProbe).Assembly.Location, Int8ReferenceProbe.Command })
                psi.ArgumentList.Add(a);
            psi.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // double-mapped code pages are slow and fragile under qemu-user
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(); throw new TimeoutException("the emulated probe did not finish in 3 minutes"); }
            foreach (var line in Parse(stdout.Result)) results.TryAdd((line.Precise, line.Difference.Input), line);
            if (process.ExitCode != 0)
            {
                string last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                failures += $"attempt {attempt}: exit {process.ExitCode} ({last}); ";
                output.WriteLine($"emulated probe attempt {attempt} crashed after {results.Count} of {expected} results: exit {process.ExitCode} {last}");
            }
        }
        if (results.Count < expected) throw new InvalidOperationException($"the emulated probe gave {results.Count} of {expected} results: {failures}");
        return results.Values.ToArray();
    }

    private static ProbeLine[] Parse(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Split(' ').Length == 4).Select(line =>
    {
        var f = line.Split(' ');
        return new ProbeLine(f[0] == "on", new Int8Reference.Difference(f[1], float.Parse(f[2], CultureInfo.InvariantCulture), float.Parse(f[3], CultureInfo.InvariantCulture)));
    }).ToArray();

    /// <summary>VNNI (AVX512_VNNI or AVX_VNNI) as the kernel reports it in /proc/cpuinfo; printed for the record.</summary>
    private static bool CpuHasVnni()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("flags", StringComparison.Ordinal))
                    return line.Contains(" avx512_vnni", StringComparison.Ordinal) || line.Contains(" avx_vnni", StringComparison.Ordinal);
        }
        catch (IOException) { }
        return false;
    }
}
