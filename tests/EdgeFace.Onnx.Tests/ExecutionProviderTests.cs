using EdgeFace.Core.Diagnostics;
using EdgeFace.TestSupport;

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
        using var options = new SessionOptions();
        string active = "";
        var lines = CaptureLog(() => active = options.AppendExecutionProviders(["npu-9000", "cpu"]));
        Assert.Equal("cpu", active);
        var line = Assert.Single(lines);
        Assert.Contains("npu-9000", line);
        Assert.Contains("warn", line);

        using var session = InferenceSession.FromBytes(TestModels.Add(), options);
        Assert.Equal("cpu", session.ActiveProvider);
        using var run = session.CreateBoundRun();
        run.Input<float>(0).Fill(2); run.Input<float>(1).Fill(3);
        run.Run();
        Assert.Equal(5f, run.Output<float>(0)[47]);
    }

    [RequiresOnnxRuntimeFact]
    public void Listed_but_unusable_and_absent_providers_are_each_skipped_with_one_line()
    {
        // x64 build: CUDA and TensorRT are listed but their provider libraries are not installed; XNNPACK is not compiled in.
        string libDir = Path.GetDirectoryName(EdgeFace.Core.Hosting.EdgeFacePaths.OnnxRuntimeLibrary)!;
        Assert.False(File.Exists(Path.Combine(libDir, "libonnxruntime_providers_cuda.so")), "this test expects no CUDA provider library");
        using var options = new SessionOptions();
        var lines = CaptureLog(() => options.AppendExecutionProviders(["cuda", "tensorrt", "xnnpack", "cpu"]));

        Assert.Equal(3, lines.Length);
        foreach (var name in new[] { "'cuda'", "'tensorrt'", "'xnnpack'" })
            Assert.Single(lines, l => l.Contains(name));
        Assert.Equal("cpu", options.ActiveProvider);
        Assert.Equal(["cpu"], options.ActiveProviders);

        using var session = InferenceSession.FromBytes(TestModels.Add(), options);
        Assert.Equal("cpu", session.ActiveProvider);
        foreach (var l in lines) Console.WriteLine(l);
    }

    [RequiresOnnxRuntimeFact]
    public void Thread_and_optimisation_settings_are_accepted()
    {
        using var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Basic };
        using var session = InferenceSession.FromBytes(TestModels.Add(), options);
        Assert.Equal(1, options.IntraOpThreads);
        Assert.True(GraphOptimizationLevelParser.TryParse("extended", out var level));
        Assert.Equal(GraphOptimizationLevel.Extended, level);
        Assert.False(GraphOptimizationLevelParser.TryParse("turbo", out _));
    }
}

[CollectionDefinition(nameof(LogCapture), DisableParallelization = true)]
public sealed class LogCapture;
