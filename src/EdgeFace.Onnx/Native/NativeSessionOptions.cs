using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx.Native;

/// <summary>OrtSessionOptions calls.</summary>
internal static unsafe class NativeSessionOptions
{
    internal static OrtSessionOptionsHandle Create()
    {
        nint options;
        OrtStatus.Check(OrtApi.CreateSessionOptions(&options));
        return new OrtSessionOptionsHandle(options);
    }

    internal static void SetIntraOpThreads(OrtSessionOptionsHandle options, int threads) =>
        OrtStatus.Check(OrtApi.SetIntraOpNumThreads(options.Pointer, threads));

    internal static void SetInterOpThreads(OrtSessionOptionsHandle options, int threads) =>
        OrtStatus.Check(OrtApi.SetInterOpNumThreads(options.Pointer, threads));

    internal static void SetGraphOptimization(OrtSessionOptionsHandle options, int level) =>
        OrtStatus.Check(OrtApi.SetSessionGraphOptimizationLevel(options.Pointer, level));

    internal static void SetLogSeverity(OrtSessionOptionsHandle options, int level) =>
        OrtStatus.Check(OrtApi.SetSessionLogSeverityLevel(options.Pointer, level));

    internal static void AddConfigEntry(OrtSessionOptionsHandle options, string key, string value)
    {
        byte[] k = Utf8Z.Encode(key), v = Utf8Z.Encode(value);
        fixed (byte* pk = k, pv = v)
            OrtStatus.Check(OrtApi.AddSessionConfigEntry(options.Pointer, pk, pv));
    }

    /// <summary>CUDA through the V2 options object (default options: device 0).</summary>
    internal static void AppendCuda(OrtSessionOptionsHandle options)
    {
        nint cuda;
        OrtStatus.Check(OrtApi.CreateCUDAProviderOptions(&cuda));
        try { OrtStatus.Check(OrtApi.SessionOptionsAppendExecutionProvider_CUDA_V2(options.Pointer, cuda)); }
        finally { OrtApi.ReleaseCUDAProviderOptions(cuda); }
    }

    /// <summary>TensorRT through the V2 options object (default options: device 0).</summary>
    internal static void AppendTensorRt(OrtSessionOptionsHandle options)
    {
        nint trt;
        OrtStatus.Check(OrtApi.CreateTensorRTProviderOptions(&trt));
        try { OrtStatus.Check(OrtApi.SessionOptionsAppendExecutionProvider_TensorRT_V2(options.Pointer, trt)); }
        finally { OrtApi.ReleaseTensorRTProviderOptions(trt); }
    }

    /// <summary>The generic append (XNNPACK, QNN, OpenVINO, WebGPU, ...) with string key/value options.</summary>
    internal static void Append(OrtSessionOptionsHandle options, string providerName, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        byte[] name = Utf8Z.Encode(providerName);
        int n = settings.Count;
        var encoded = new byte[n * 2][];
        for (int i = 0; i < n; i++) { encoded[2 * i] = Utf8Z.Encode(settings[i].Key); encoded[2 * i + 1] = Utf8Z.Encode(settings[i].Value); }
        var pins = new System.Runtime.InteropServices.GCHandle[n * 2];
        byte** keys = stackalloc byte*[Math.Max(n, 1)];
        byte** values = stackalloc byte*[Math.Max(n, 1)];
        try
        {
            for (int i = 0; i < n * 2; i++) pins[i] = System.Runtime.InteropServices.GCHandle.Alloc(encoded[i], System.Runtime.InteropServices.GCHandleType.Pinned);
            for (int i = 0; i < n; i++)
            {
                keys[i] = (byte*)pins[2 * i].AddrOfPinnedObject();
                values[i] = (byte*)pins[2 * i + 1].AddrOfPinnedObject();
            }
            fixed (byte* p = name)
                OrtStatus.Check(OrtApi.SessionOptionsAppendExecutionProvider(options.Pointer, p, keys, values, (nuint)n));
        }
        finally
        {
            foreach (var pin in pins) if (pin.IsAllocated) pin.Free();
        }
    }
}
