using EdgeFace.Core.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx;

/// <summary>
/// Execution providers by the names EdgeFace's configuration uses ("cuda", "xnnpack", ...), and the one rule for
/// registering a configured list on ORT's <see cref="SessionOptions"/>: in order, each provider the loaded ONNX
/// Runtime lacks or cannot start is skipped with one warning, and the CPU provider always carries the model.
/// </summary>
public static class ExecutionProviders
{
    public const string Cpu = "cpu";
    private const string Component = "onnx";

    /// <param name="Key">Configuration name.</param>
    /// <param name="OrtName">Name in <see cref="OrtEnv.GetAvailableProviders"/>.</param>
    /// <param name="AppendName">Name for the generic <see cref="SessionOptions.AppendExecutionProvider(string, Dictionary{string, string})"/>; null where ORT has a dedicated call.</param>
    private readonly record struct Entry(string Key, string OrtName, string? AppendName);

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

    /// <summary>Configuration names EdgeFace knows.</summary>
    public static IEnumerable<string> Names => Known.Select(e => e.Key);

    private static Entry? Find(string name)
    {
        foreach (var e in Known)
            if (string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase) || string.Equals(e.OrtName, name, StringComparison.OrdinalIgnoreCase))
                return e;
        return null;
    }

    /// <summary>
    /// Registers <paramref name="providers"/> (e.g. ["tensorrt", "cuda", "cpu"]) on <paramref name="options"/>.
    /// Returns the providers really registered, in priority order, always ending with "cpu".
    /// </summary>
    public static IReadOnlyList<string> Append(SessionOptions options, IEnumerable<string> providers)
    {
        var active = new List<string>();
        var wanted = providers.ToList();
        for (int i = 0; i < wanted.Count; i++)
        {
            string name = wanted[i];
            if (active.Contains(Cpu))
            {
                Log.Warn(Component, $"execution provider '{name}' is listed after 'cpu'; skipped because CPU already takes every node");
                continue;
            }
            if (TryAppend(options, name, i + 1 < wanted.Count ? wanted[i + 1] : Cpu) is { } key) active.Add(key);
        }
        if (!active.Contains(Cpu)) active.Add(Cpu); // ORT always adds CPU last; recording it keeps the list honest
        return active;
    }

    private static string? TryAppend(SessionOptions options, string name, string next)
    {
        if (Find(name) is not { } e)
        {
            Log.Warn(Component, $"execution provider '{name}' is unknown (known: {string.Join(", ", Names)}); skipped, next: {next}");
            return null;
        }
        if (e.Key == Cpu) return Cpu;
        var available = OnnxRuntimeLibrary.AvailableProviders;
        if (!available.Contains(e.OrtName))
        {
            Log.Warn(Component, $"execution provider '{e.Key}' is not in this ONNX Runtime build (has: {string.Join(", ", available)}); skipped, next: {next}");
            return null;
        }
        if (FailedToStart.TryGetValue(e.Key, out string? before))
        {
            Log.Debug(Component, $"execution provider '{e.Key}' skipped again ({before})");
            return null;
        }
        try
        {
            OnnxRuntimeLibrary.WithNativeLogQuiet(() =>
            {
                switch (e.Key)
                {
                    case "cuda": options.AppendExecutionProvider_CUDA(0); break;
                    case "tensorrt": options.AppendExecutionProvider_Tensorrt(0); break;
                    default: options.AppendExecutionProvider(e.AppendName!, new Dictionary<string, string>()); break;
                }
            });
        }
        catch (OnnxRuntimeException ex)
        {
            // A GPU build lists CUDA and TensorRT, but they only start with CUDA, cuDNN and TensorRT installed. ORT's
            // own error names the missing library; it is the useful part, so it goes into the one warning.
            string why = $"{FirstLine(ex.Message)}{(OnnxRuntimeLibrary.LastNativeError is { } native ? $": {native}" : "")}";
            FailedToStart[e.Key] = why;
            Log.Warn(Component, $"execution provider '{e.Key}' failed to start ({why}); skipped for every model, next: {next}");
            return null;
        }
        return e.Key;
    }

    /// <summary>
    /// Providers that failed once, with the reason: every model session asks for the same list, and a library that
    /// did not load for the detector will not load for the landmark model either, so it is reported once per process.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> FailedToStart = new();

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return (nl < 0 ? text : text[..nl]).Trim();
    }
}
