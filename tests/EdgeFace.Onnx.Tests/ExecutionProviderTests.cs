using EdgeFace.Core.Diagnostics;
using EdgeFace.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx.Tests;

// Captures the process-wide log, so these tests run one after another in their own collection.
[Collection(nameof(LogCapture))]
public class ExecutionProviderTests
{
    private static string[] CaptureLog(Action action)
    {
        var writer = new StringWriter();
        Log.SetWriter(writer);
        try { action(); }
        finally { Log.SetWriter(Console.Error); }
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [RequiresOnnxRuntimeFact]
    public void Unknown_provider_falls_back_to_cpu_with_one_log_line()
    {
        using var options = OnnxRuntimeLibrary.CreateSessionOptions();
        IReadOnlyList<string> active = [];
        var lines = CaptureLog(() => active = ExecutionProviders.Append(options, ["npu-9000", "cpu"]));
        Assert.Equal(["cpu"], active);
        var line = Assert.Single(lines);
        Assert.Contains("npu-9000", line);
        Assert.Contains("warn", line);

        using var session = new InferenceSession(TestModels.Add(), options);
        using var run = new BoundRun(session);
        run.Input<float>(0).Fill(2); run.Input<float>(1).Fill(3);
        run.Run();
        Assert.Equal(5f, run.Output<float>(0)[47]);
    }

    [RequiresOnnxRuntimeFact]
    public void Providers_this_build_lacks_are_each_skipped_with_one_line_and_cpu_carries_the_model()
    {
        // The official CPU package has only the CPU provider (GetAvailableProviders, platform notes): CUDA, TensorRT
        // and XNNPACK are all absent, each worth one warning.
        Assert.DoesNotContain("CUDAExecutionProvider", OnnxRuntimeLibrary.AvailableProviders);
        using var options = OnnxRuntimeLibrary.CreateSessionOptions();
        IReadOnlyList<string> active = [];
        var lines = CaptureLog(() => active = ExecutionProviders.Append(options, ["tensorrt", "cuda", "xnnpack", "cpu", "cuda"]));

        Assert.Equal(4, lines.Length);
        foreach (var name in new[] { "'tensorrt'", "'cuda' is not in", "'xnnpack'", "'cuda' is listed after 'cpu'" })
            Assert.Single(lines, l => l.Contains(name));
        Assert.Equal(["cpu"], active);

        using var session = new InferenceSession(TestModels.Add(), options);
        foreach (var l in lines) Console.WriteLine(l);
    }

    [RequiresOnnxRuntimeFact]
    public void An_empty_list_still_ends_with_cpu()
    {
        using var options = OnnxRuntimeLibrary.CreateSessionOptions();
        Assert.Equal(["cpu"], ExecutionProviders.Append(options, []));
        Assert.Contains("cuda", ExecutionProviders.Names);
    }
}

[CollectionDefinition(nameof(LogCapture), DisableParallelization = true)]
public sealed class LogCapture;
