using EdgeFace.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx.Tests;

public class BoundRunTests
{
    [RequiresOnnxRuntimeFact]
    public void Runs_over_its_own_buffers_and_sees_new_input_each_time()
    {
        using var session = new InferenceSession(TestModels.Add());
        using var run = new BoundRun(session);
        for (int round = 0; round < 3; round++)
        {
            var x = run.Input<float>("x");
            var y = run.Input<float>(1);
            for (int i = 0; i < x.Length; i++) { x[i] = i * round; y[i] = 1 - i; }
            run.Run();
            var z = run.Output<float>("z");
            for (int i = 0; i < z.Length; i++) Assert.Equal(i * round + 1 - i, z[i]);
        }
    }

    [RequiresOnnxRuntimeFact]
    public void A_spare_input_buffer_is_run_in_place_of_the_bound_one_for_that_call_only()
    {
        using var session = new InferenceSession(TestModels.Add());
        using var run = new BoundRun(session);
        using var spare = run.CreateInputBuffer(0);
        var own = run.Input<float>(0);
        var y = run.Input<float>(1);
        var x2 = spare.As<float>();
        Assert.Equal(own.Length, x2.Length);
        for (int i = 0; i < own.Length; i++) { own[i] = 100 + i; x2[i] = -i; y[i] = 1; }

        run.Run(spare);
        for (int i = 0; i < own.Length; i++) Assert.Equal(-i + 1, run.Output<float>(0)[i]);
        run.Run();   // the bound buffer is back in place
        for (int i = 0; i < own.Length; i++) Assert.Equal(100 + i + 1, run.Output<float>(0)[i]);
        y.Fill(2);   // the spare's binding shares the run's other inputs, so it sees this too
        run.Run(spare);
        Assert.Equal(2f, run.Output<float>(0)[0]);

        using var otherSession = new InferenceSession(TestModels.Add());
        using var other = new BoundRun(otherSession);
        Assert.Throws<ArgumentException>(() => other.Run(spare));
        Assert.Throws<InvalidOperationException>(() => spare.As<byte>());
        Assert.Equal(0, SteadyState.AllocatedBytes(() => run.Run(spare), calls: 200));
    }

    [RequiresOnnxRuntimeFact]
    public void Steady_state_run_allocates_nothing_over_a_thousand_runs()
    {
        using var session = new InferenceSession(TestModels.ConvSigmoid(Enumerable.Repeat(0.1f, 18).ToArray(), [0f, 1f]));
        using var run = new BoundRun(session);
        run.Input<float>(0).Fill(1f);
        float checksum = 0;
        int i = 0;
        void Step()
        {
            run.Input<float>(0)[i % 30] = i++ * 0.001f;
            run.Run();
            checksum += run.Output<float>(0)[0];
        }

        // the warm-up covers JIT and ORT's first-run allocations
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 1000, warmup: 20));
        Assert.True(checksum > 0); // the loop really ran the model
    }

    /// <summary>Why BoundRun exists: ORT's name-array Run allocates on every call (measured ~250 B).</summary>
    [RequiresOnnxRuntimeFact]
    public void The_name_array_run_it_replaces_does_allocate()
    {
        using var session = new InferenceSession(TestModels.Add());
        var data = new float[48];
        using var x = OrtValue.CreateTensorValueFromMemory(data, [1, 3, 4, 4]);
        using var z = OrtValue.CreateTensorValueFromMemory(new float[48], [1, 3, 4, 4]);
        using var options = new RunOptions();
        string[] inputs = ["x", "y"], outputs = ["z"];
        OrtValue[] inputValues = [x, x], outputValues = [z];
        long bytes = SteadyState.AllocatedBytes(() => session.Run(options, inputs, inputValues, outputs, outputValues), calls: 200);
        Console.WriteLine($"session.Run with name arrays: {bytes} B per call");
        Assert.True(bytes > 0);
    }

    [RequiresOnnxRuntimeFact]
    public void Binds_uint8_inputs()
    {
        using var session = new InferenceSession(TestModels.CastDouble());
        using var run = new BoundRun(session);
        var pixels = run.Input<byte>(0);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 20);
        run.Run();
        var scaled = run.Output<float>(0);
        for (int i = 0; i < scaled.Length; i++) Assert.Equal(i * 40f, scaled[i]);
        Assert.Throws<InvalidOperationException>(() => run.Input<float>(0).Length);
    }

    [RequiresOnnxRuntimeFact]
    public void Free_dimensions_need_a_shape_and_the_shape_must_fit_the_model()
    {
        using var session = new InferenceSession(TestModels.DynamicRelu());
        var missing = Assert.Throws<ArgumentException>(() => new BoundRun(session));
        Assert.Contains("free dimensions", missing.Message);

        var wrong = Assert.Throws<ArgumentException>(() => new BoundRun(session, new Dictionary<string, long[]> { ["x"] = [2, 5], ["y"] = [2, 4] }));
        Assert.Contains("[?,4]", wrong.Message);

        using var run = new BoundRun(session, new Dictionary<string, long[]> { ["x"] = [2, 4], ["y"] = [2, 4] });
        float[] values = [-1, 2, -3, 4, 5, -6, 7, -8];
        values.CopyTo(run.Input<float>("x"));
        run.Run();
        Assert.Equal(values.Select(v => Math.Max(v, 0f)).ToArray(), run.Output<float>("y").ToArray());
        Assert.Contains("no input 'w'", Assert.Throws<ArgumentException>(() => run.Input<float>("w")).Message);
    }
}
