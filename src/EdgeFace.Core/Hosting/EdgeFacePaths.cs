using System.Runtime.InteropServices;

namespace EdgeFace.Core.Hosting;

/// <summary>
/// Where EdgeFace finds its own files. A source checkout keeps them beside the solution (models-int8/, .cache/);
/// an installed copy keeps them under /opt/edgeface. Environment variables override both.
/// </summary>
public static class EdgeFacePaths
{
    /// <summary>The Microsoft.ML.OnnxRuntime package version EdgeFace is built against.</summary>
    public const string OrtVersion = "1.32.0";

    /// <summary>The repository (or install) root: the first ancestor of the app folder holding models-int8/.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>.NET runtime identifier part for native libraries: linux-x64 or linux-arm64.</summary>
    public static string NativeRid => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        var a => throw new PlatformNotSupportedException($"EdgeFace supports linux-x64 and linux-arm64; this process is {a} (32-bit ARM is not supported: install a 64-bit OS)"),
    };

    /// <summary>Folder of the shipped models (EDGEFACE_MODELS overrides).</summary>
    public static string ModelsDirectory =>
        Environment.GetEnvironmentVariable("EDGEFACE_MODELS") is { Length: > 0 } env ? env
        : Path.Combine(Root ?? AppContext.BaseDirectory, "models-int8");

    /// <summary>Git-ignored cache for fetched native libraries and demo images (EDGEFACE_CACHE overrides).</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("EDGEFACE_CACHE") is { Length: > 0 } env ? env
        : Path.Combine(Root ?? AppContext.BaseDirectory, ".cache");

    /// <summary>
    /// Path of the libonnxruntime the process loads: EDGEFACE_ORT_LIB when set, else the Microsoft.ML.OnnxRuntime
    /// native library for this RID beside the app (runtimes/&lt;rid&gt;/native/ in a build, the app folder after a
    /// RID-specific publish); null when neither exists.
    /// </summary>
    public static string? OnnxRuntimeLibrary
    {
        get
        {
            if (Environment.GetEnvironmentVariable("EDGEFACE_ORT_LIB") is { Length: > 0 } env) return env;
            string[] candidates =
            [
                Path.Combine(AppContext.BaseDirectory, "runtimes", NativeRid, "native", "libonnxruntime.so"),
                Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so"),
            ];
            return candidates.FirstOrDefault(File.Exists);
        }
    }

    /// <summary>Built-in demo frames fetched at set-up (public-domain sample photos).</summary>
    public static string DemoDirectory => Path.Combine(CacheDirectory, "demo");

    private static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("EDGEFACE_ROOT") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "models-int8"))) return dir.FullName;
        return null;
    }
}
