using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx;

/// <summary>
/// Which libonnxruntime the process uses. By default the one Microsoft.ML.OnnxRuntime ships for this RID
/// (runtimes/linux-x64|linux-arm64/native/ next to the app, or the app folder after publish), found by .NET's
/// normal probing. <c>EDGEFACE_ORT_LIB=/path/to/libonnxruntime.so</c> puts another build in its place, e.g. a
/// CUDA build (Microsoft.ML.OnnxRuntime.Gpu.Linux) or NVIDIA's Jetson build; its provider libraries
/// (libonnxruntime_providers_*.so) must sit next to it, which is where ORT looks for them.
/// </summary>
public static class OnnxRuntimeLibrary
{
    public const string EnvironmentVariable = "EDGEFACE_ORT_LIB";
    private const string LibraryName = "onnxruntime";
    private static readonly Lazy<string[]> Providers = new(() => Env().GetAvailableProviders());

    /// <summary>
    /// Runs when EdgeFace.Onnx is first used, before any ORT type: ORT registers its own resolver in a static
    /// constructor, and an assembly can have only one, so EdgeFace opts it out and installs the lookup above.
    /// </summary>
    [ModuleInitializer]
    internal static void Install()
    {
        OrtEnv.DisableDllImportResolver = true;
        try { NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, Resolve); }
        catch (InvalidOperationException) { } // a host registered its own; that one decides
    }

    /// <summary>
    /// ORT session options, made after the lookup above is in place. Every EdgeFace session starts here: a
    /// <see cref="SessionOptions"/> constructed first would load the library before the override is seen.
    /// </summary>
    public static SessionOptions CreateSessionOptions()
    {
        Env();
        return new SessionOptions();
    }

    /// <summary>
    /// ORT's environment, after checking the override: a missing file must be a plain DllNotFoundException naming it,
    /// not the TypeInitializationException ORT's static constructor would turn it into (and stay broken with).
    /// </summary>
    private static OrtEnv Env()
    {
        if (OverridePath is { } path && !File.Exists(path)) throw MissingOverride(path);
        return OrtEnv.Instance();
    }

    private static DllNotFoundException MissingOverride(string path) =>
        new($"{EnvironmentVariable}={path}: no such file (unset it to use the ONNX Runtime EdgeFace ships)");

    /// <summary>The library named by <see cref="EnvironmentVariable"/>, or null for the packaged one.</summary>
    public static string? OverridePath => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } p ? p : null;

    /// <summary>The file the process loads (or would load): the override, else the packaged library for this RID.</summary>
    public static string? Path => OverridePath ?? Core.Hosting.EdgeFacePaths.OnnxRuntimeLibrary;

    /// <summary>
    /// The libonnxruntime file mapped into this process (from /proc/self/maps, after loading it): what really
    /// runs, whichever way it was found.
    /// </summary>
    public static string? LoadedPath
    {
        get
        {
            _ = Version; // loads the library
            try
            {
                foreach (string line in File.ReadLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash >= 0 && line.AsSpan(slash).EndsWith("libonnxruntime.so") || line.Contains("/libonnxruntime.so.", StringComparison.Ordinal))
                        return line[slash..];
                }
            }
            catch (IOException) { }
            return null;
        }
    }

    /// <summary>The loaded library's version, e.g. "1.32.0".</summary>
    public static string Version => Env().GetVersionString();

    /// <summary>Execution providers compiled into the loaded library, e.g. CUDAExecutionProvider, CPUExecutionProvider.</summary>
    public static IReadOnlyList<string> AvailableProviders => Providers.Value;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName || OverridePath is not { } path) return 0; // 0: .NET's own probing (deps.json, app folder, LD_LIBRARY_PATH)
        if (!File.Exists(path)) throw MissingOverride(path);
        return NativeLibrary.Load(path);
    }
}
