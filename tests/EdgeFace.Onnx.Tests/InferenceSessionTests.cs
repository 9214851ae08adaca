using EdgeFace.TestSupport;

namespace EdgeFace.Onnx.Tests;

public class InferenceSessionTests
{
    [RequiresOnnxRuntimeFact]
    public void Reads_names_types_and_shapes_from_the_model()
    {
        using var session = InferenceSession.FromBytes(TestModels.CastDouble());
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("pixels", input.Name);
        Assert.Equal(TensorElementType.UInt8, input.ElementType);
        Assert.Equal([1L, 3, 2, 2], input.Shape);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal(("scaled", TensorElementType.Float), (output.Name, output.ElementType));

        using var dynamic = InferenceSession.FromBytes(TestModels.DynamicRelu());
        Assert.Equal([-1L, 4], dynamic.InputMetadata[0].Shape);
        Assert.False(dynamic.InputMetadata[0].HasFixedShape);
    }

    [RequiresOnnxRuntimeFact]
    public void Add_model_adds_caller_tensors_in_place()
    {
        using var session = InferenceSession.FromBytes(TestModels.Add());
        float[] x = Enumerable.Range(0, 48).Select(i => i * 0.5f).ToArray();
        float[] y = Enumerable.Range(0, 48).Select(i => 100f - i).ToArray();
        float[] z = new float[48];
        using var vx = OrtValue.CreateTensor<float>(x, [1, 3, 4, 4]);
        using var vy = OrtValue.CreateTensor<float>(y, [1, 3, 4, 4]);
        using var vz = OrtValue.CreateTensor<float>(z, [1, 3, 4, 4]);
        session.Run(["x", "y"], [vx, vy], ["z"], [vz]);
        for (int i = 0; i < 48; i++) Assert.Equal(x[i] + y[i], z[i]);
    }

    [RequiresOnnxRuntimeFact]
    public void Conv_then_sigmoid_matches_a_hand_computed_reference()
    {
        var rng = new Random(7);
        float[] w = Enumerable.Range(0, 18).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] b = [0.25f, -0.5f];
        float[] image = Enumerable.Range(0, 30).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        using var session = InferenceSession.FromBytes(TestModels.ConvSigmoid(w, b));
        using var input = OrtValue.CreateTensor<float>(image, [1, 1, 5, 6]);
        var outputs = session.Run(["image"], [input], ["prob"]);
        using var prob = Assert.Single(outputs);
        Assert.Equal([1L, 2, 5, 6], prob.Shape.ToArray());
        var got = prob.GetTensorData<float>();
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
            double expected = 1 / (1 + Math.Exp(-sum));
            Assert.Equal(expected, got[c * 30 + y * 6 + x], 5);
        }
    }

    [RequiresOnnxRuntimeFact]
    public void Model_from_file_runs_like_model_from_bytes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgeface-cast-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TestModels.CastDouble());
        try
        {
            using var session = InferenceSession.FromFile(path);
            Assert.Equal(path, session.Source);
            byte[] pixels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255];
            using var input = OrtValue.CreateTensor<byte>(pixels, [1, 3, 2, 2]);
            var outputs = session.Run(["pixels"], [input], ["scaled"]);
            using var scaled = outputs[0];
            Assert.Equal(pixels.Select(p => p * 2f).ToArray(), scaled.GetTensorData<float>().ToArray());
        }
        finally { File.Delete(path); }
    }

    [RequiresOnnxRuntimeFact]
    public void Truncated_model_file_fails_with_ORTs_message_and_the_path()
    {
        byte[] model = TestModels.ConvSigmoid(new float[18], new float[2]);
        string path = Path.Combine(Path.GetTempPath(), $"edgeface-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.AsSpan(0, model.Length / 2).ToArray());
        try
        {
            var ex = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromFile(path));
            Assert.Equal(OrtErrorCode.InvalidProtobuf, ex.ErrorCode);
            Assert.Contains(path, ex.Message);
            Assert.Contains("Protobuf", ex.OrtMessage, StringComparison.OrdinalIgnoreCase);
        }
        finally { File.Delete(path); }
    }

    [RequiresOnnxRuntimeFact]
    public void Garbage_bytes_and_missing_files_fail_with_ORT_error_codes()
    {
        var garbage = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromBytes("this is not a model"u8));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, garbage.ErrorCode);

        string missing = Path.Combine(Path.GetTempPath(), "edgeface-no-such-model.onnx");
        var absent = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromFile(missing));
        Assert.Equal(OrtErrorCode.NoSuchFile, absent.ErrorCode);
        Assert.Contains(missing, absent.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Wrong_input_name_or_shape_is_a_clear_error()
    {
        using var session = InferenceSession.FromBytes(TestModels.Add());
        float[] data = new float[48];
        using var good = OrtValue.CreateTensor<float>(data, [1, 3, 4, 4]);
        var badName = Assert.Throws<ArgumentException>(() => session.Run(["x", "w"], [good, good], ["z"]));
        Assert.Contains("no input 'w'", badName.Message);
        Assert.Contains("x, y", badName.Message);

        using var wrongShape = OrtValue.CreateTensor<float>(data, [1, 3, 2, 8]);
        var badShape = Assert.Throws<ArgumentException>(() => session.Run(["x", "y"], [good, wrongShape], ["z"]));
        Assert.Contains("input 'y'", badShape.Message);
        Assert.Contains("[1,3,4,4]", badShape.Message);
        Assert.Contains("[1,3,2,8]", badShape.Message);

        using var ints = OrtValue.CreateTensor<int>(new int[48], [1, 3, 4, 4]);
        var badType = Assert.Throws<ArgumentException>(() => session.Run(["x", "y"], [good, ints], ["z"]));
        Assert.Contains("int32", badType.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Tensor_over_a_buffer_of_the_wrong_size_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor<float>(new float[7], [2, 4]));
        Assert.Contains("needs 8 elements", ex.Message);
    }
}
