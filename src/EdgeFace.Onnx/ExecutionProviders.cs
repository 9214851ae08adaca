namespace EdgeFace.Onnx;

/// <summary>
/// The execution providers EdgeFace can name in configuration ("cuda", "xnnpack", ...), with the name ORT lists
/// them under in GetAvailableProviders and the name its generic append call expects.
/// </summary>
public static class ExecutionProviders
{
    public const string Cpu = "cpu";

    internal readonly record struct Entry(string Key, string OrtName, string? AppendName);

    private static readonly Entry[] Known =
    [
        new("cpu", "CPUExecutionProvider", null),
        new("cuda", "CUDAExecutionProvider", null),
        new("tensorrt", "TensorrtExecutionProvider", null),
        new("xnnpack", "XnnpackExecutionProvider", "XNNPACK"),
        new("webgpu", "WebGpuExecutionProvider", "WebGPU"),
        new("openvino", "OpenVINOExecutionProvider", "OpenVINO"),
        new("qnn", "QNNExecutionProvider", "QNN"),
        new("coreml", "CoreMLExecutionProvider", "CoreML"),
        new("vitisai", "VitisAIExecutionProvider", "VitisAI"),
    ];

    /// <summary>Configuration keys this binding knows.</summary>
    public static IEnumerable<string> Names => Known.Select(e => e.Key);

    /// <summary>Finds a provider by configuration key or by ORT's own name, ignoring case.</summary>
    internal static Entry? Find(string name)
    {
        foreach (var e in Known)
            if (string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase) || string.Equals(e.OrtName, name, StringComparison.OrdinalIgnoreCase))
                return e;
        return null;
    }
}
