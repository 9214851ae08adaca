using EdgeFace.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeFace.Onnx.Tests;

/// <summary>Sessions made the way EdgeFace makes them, and the errors ORT gives for models it cannot load.</summary>
public class SessionCreationTests
{
    [RequiresOnnxRuntimeFact]
    public void Reads_names_types_and_shapes_from_the_model_in_order()
    {
        using var session = new InferenceSession(TestModels.CastDouble());
        var input = Assert.Single(TensorNode.Inputs(session));
        Assert.Equal("pixels", input.Name);
        Assert.Equal(TensorElementType.UInt8, input.ElementType);
        Assert.Equal([1L, 3, 2, 2], input.Shape);
        Assert.Equal("pixels: uint8[1,3,2,2]", input.ToString());
        var output = Assert.Single(TensorNode.Outputs(session));
        Assert.Equal(("scaled", TensorElementType.Float), (output.Name, output.ElementType));

        using var add = new InferenceSession(TestModels.Add());
        Assert.Equal(["x", "y"], TensorNode.Inputs(add).Select(n => n.Name));

        using var dynamic = new InferenceSession(TestModels.DynamicRelu());
        Assert.Equal([-1L, 4], TensorNode.Inputs(dynamic)[0].Shape);
        Assert.False(TensorNode.Inputs(dynamic)[0].HasFixedShape);
    }

    [RequiresOnnxRuntimeFact]
    public void Options_from_the_library_take_threads_optimisation_and_config_entries()
    {
        using var options = OnnxRuntimeLibrary.CreateSessionOptions();
        options.IntraOpNumThreads = 1;
        options.InterOpNumThreads = 1;
        Assert.True(GraphOptimizationLevels.TryParse("extended", out var level));
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_EXTENDED, level);
        Assert.True(GraphOptimizationLevels.TryParse("disabled", out var off));
        Assert.Equal(GraphOptimizationLevel.ORT_DISABLE_ALL, off);
        Assert.False(GraphOptimizationLevels.TryParse("turbo", out _));
        options.GraphOptimizationLevel = level;
        options.AddSessionConfigEntry(SessionConfigKeys.X64QuantPrecision, "1");
        using var session = new InferenceSession(TestModels.Add(), options);
        using var run = new BoundRun(session);
        run.Input<float>(0).Fill(1); run.Input<float>(1).Fill(2);
        run.Run();
        Assert.Equal(3f, run.Output<float>(0)[5]);
    }

    [RequiresOnnxRuntimeFact]
    public void Conv_then_sigmoid_matches_a_hand_computed_reference()
    {
        var rng = new Random(7);
        float[] w = Enumerable.Range(0, 18).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] b = [0.25f, -0.5f];
        float[] image = Enumerable.Range(0, 30).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        using var session = new InferenceSession(TestModels.ConvSigmoid(w, b));
        using var run = new BoundRun(session);
        image.CopyTo(run.Input<float>(0));
        run.Run();
        var got = run.Output<float>(0);
        for (int c = 0; c < 2; c++)
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 6; x++)
        {
            double sum = b[c];
            for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++)
            {
                int sy = y + ky - 1, sx = x + kx - 1;
                if (sy < 0 || sy >= 5 || sx < 0 || sx >= 6) continue;
                sum += w[c * 9 + ky * 3 + kx] * image[sy * 6 + sx];
            }
            Assert.Equal(1 / (1 + Math.Exp(-sum)), got[c * 30 + y * 6 + x], 5);
        }
    }

    [RequiresOnnxRuntimeFact]
    public void Truncated_model_file_fails_with_ORTs_protobuf_message()
    {
        byte[] model = TestModels.ConvSigmoid(new float[18], new float[2]);
        string path = Path.Combine(Path.GetTempPath(), $"edgeface-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.AsSpan(0, model.Length / 2).ToArray());
        try
        {
            var ex = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(path));
            Assert.Contains("Protobuf", ex.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally { File.Delete(path); }
    }

    [RequiresOnnxRuntimeFact]
    public void Garbage_bytes_and_missing_files_are_ORT_errors_naming_the_problem()
    {
        var garbage = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession("this is not a model"u8.ToArray()));
        Assert.Contains("Protobuf", garbage.Message, StringComparison.OrdinalIgnoreCase);

        string missing = Path.Combine(Path.GetTempPath(), "edgeface-no-such-model.onnx");
        var absent = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(missing));
        Assert.Contains(missing, absent.Message);
    }
}
