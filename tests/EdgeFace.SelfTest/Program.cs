using System.Runtime.InteropServices;
using EdgeFace.Imaging.Diagnostics;

namespace EdgeFace.SelfTest;

/// <summary>
/// edgeface-selftest [--list] [CLASS...]: runs the named test classes (default: <see cref="SelfTestPlan.Classes"/>),
/// then checks that this CPU's vector kernels ran, and ends with "N passed, N failed, N skipped".
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--list"))
        {
            foreach (var c in SelfTestPlan.Classes) Console.WriteLine(c);
            return 0;
        }
        var classes = args.Length > 0 ? args : SelfTestPlan.Classes;
        Console.WriteLine($"process: {RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        foreach (var (name, supported) in KernelPathCounters.InstructionSets()) Console.WriteLine($"  {name} = {supported}");

        var runner = new TestClassRunner(Console.Out);
        KernelPathCounters.Reset();
        foreach (var name in classes) await runner.RunClassAsync(SelfTestPlan.Resolve(name));

        Console.WriteLine("kernel paths taken (rows; warp: blocks of four / pixels):");
        foreach (var (name, count) in KernelPathCounters.Snapshot()) Console.WriteLine($"  {name,-28} {count}");
        foreach (var check in VectorPathChecks.ForThisProcess()) runner.Record(check.Name, check.Failure);

        var t = runner.Totals;
        Console.WriteLine($"{t.Passed} passed, {t.Failed} failed, {t.Skipped} skipped");
        return t.Failed == 0 ? 0 : 1;
    }
}
