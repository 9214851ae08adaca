using EdgeFace.Onnx.Native;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment (ORT allows one OrtEnv per process). Created on first use; loading
/// fails with a message naming scripts/fetch-onnxruntime.sh when the native library is missing.
/// </summary>
public sealed class OrtEnvironment
{
    private static readonly Lazy<OrtEnvironment> Shared = new(() => new OrtEnvironment(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<string[]> _providers = new(NativeEnv.AvailableProviders);

    private OrtEnvironment()
    {
        Handle = NativeEnv.Create("edgeface");
        Version = OrtLibrary.Version;
    }

    public static OrtEnvironment Instance => Shared.Value;

    internal OrtEnvHandle Handle { get; }

    /// <summary>The loaded library's version, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>ORT's build description (git commit, build options).</summary>
    public string BuildInfo => NativeEnv.BuildInfo();

    /// <summary>Execution providers compiled into the loaded library, e.g. CUDAExecutionProvider, CPUExecutionProvider.</summary>
    public IReadOnlyList<string> GetAvailableProviders() => _providers.Value;
}
