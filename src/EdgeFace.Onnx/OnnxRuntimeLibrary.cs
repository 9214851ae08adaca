using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeFace.Core.Diagnostics;
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
    [SuppressMessage("Usage", "CA2255", Justification = "must run before any ORT type in every host (CLI, tests, benchmarks), which a call from each Main cannot promise")]
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
        try { return CreateOrGetEnv(); }
        catch (TypeInitializationException e) when (e.InnerException is InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The package's binding asks the library for its own API version; an older build (a GPU or vendor build
            // put in by EDGEFACE_ORT_LIB) refuses it, and .NET would report only a type initialiser failure.
            string inner = e.InnerException!.Message;
            var api = System.Text.RegularExpressions.Regex.Match(inner, @"API version (\d+)");
            string need = api.Success ? $"ONNX Runtime 1.{api.Groups[1].Value} or newer (1.N serves API versions up to N)" : "a newer ONNX Runtime";
            throw new DllNotFoundException($"{Path ?? "libonnxruntime"} is too old for EdgeFace's ONNX Runtime binding "
                + $"{typeof(OrtEnv).Assembly.GetName().Version?.ToString(3)} ({inner.TrimEnd('.')}): use {need}"
                + (OverridePath is not null ? $", or unset {EnvironmentVariable} to use the one EdgeFace ships" : "") + ".");
        }
    }

    private static OrtEnv CreateOrGetEnv()
    {
        lock (EnvGate)
        {
            if (!OrtEnv.IsCreated)
            {
                var options = new EnvironmentCreationOptions
                {
                    logId = "edgeface",
                    logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                    loggingFunction = ForwardNativeLog,
                };
                try { return OrtEnv.CreateInstanceWithOptions(ref options); }
                catch (OnnxRuntimeException) { } // created elsewhere in the meantime: use that one
            }
        }
        return OrtEnv.Instance();
    }

    private static readonly Lock EnvGate = new();

    // Held in a static field: native code calls it for the life of the process.
    private static readonly DOrtLoggingFunction ForwardNativeLog = OnNativeLog;

    [ThreadStatic] private static bool t_quiet;
    [ThreadStatic] private static string? t_quietError;

    /// <summary>The last error ORT logged on this thread inside <see cref="WithNativeLogQuiet"/>, without its source location.</summary>
    internal static string? LastNativeError => t_quietError;

    /// <summary>
    /// Runs <paramref name="action"/> with ONNX Runtime's own log lines on this thread turned down to debug: used
    /// where EdgeFace reports the outcome itself (a provider that fails to load is one warning line, not ORT's
    /// multi-line error plus ours).
    /// </summary>
    internal static void WithNativeLogQuiet(Action action)
    {
        bool was = t_quiet;
        t_quiet = true;
        t_quietError = null;
        try { action(); }
        finally { t_quiet = was; }
    }

    /// <summary>
    /// ONNX Runtime's log lines go through EdgeFace's log (one format, one stream) instead of ORT's coloured stderr.
    /// Its warnings are mostly notes about graph placement, so they are info; errors stay warnings.
    /// </summary>
    private static void OnNativeLog(nint param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        var level = t_quiet ? LogLevel.Debug : severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR or OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL => LogLevel.Warning,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Info,
            _ => LogLevel.Debug,
        };
        if (t_quiet && severity >= OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR) t_quietError = WithoutSourceLocation(message);
        Log.Write(level, "ort", message.Trim());
    }

    /// <summary>"/onnxruntime_src/….cc:2059 Provider&amp; …Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load …" → "Failed to load …".</summary>
    private static string WithoutSourceLocation(string message)
    {
        const string Marker = " : FAIL : ";
        int at = message.LastIndexOf(Marker, StringComparison.Ordinal);
        return (at < 0 ? message : message[(at + Marker.Length)..]).Trim();
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
