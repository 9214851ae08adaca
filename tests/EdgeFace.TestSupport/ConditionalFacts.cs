using Xunit;
using EdgeFace.Core.Hosting;

namespace EdgeFace.TestSupport;

// xunit 2 cannot skip from inside a test, so conditions are checked when the attribute is built and turned
// into a Skip reason that the runner prints.

/// <summary>A fact that needs ../shared (teachers or data); skipped with a reason where it is absent.</summary>
public sealed class RequiresSharedFactAttribute : FactAttribute
{
    public RequiresSharedFactAttribute(string relativePath)
    {
        if (SharedData.Root is null) Skip = "../shared is not present (optional: only training and accuracy tests use it)";
        else if (!File.Exists(Path.Combine(SharedData.Root, relativePath)) && !Directory.Exists(Path.Combine(SharedData.Root, relativePath)))
            Skip = $"../shared/{relativePath} is not present";
    }
}

/// <summary>A fact that runs the shipped models on data from ../shared: needs both, skipped with the reason otherwise.</summary>
public sealed class RequiresSharedAndOnnxRuntimeFactAttribute : FactAttribute
{
    public RequiresSharedAndOnnxRuntimeFactAttribute(string relativePath)
    {
        Skip = new RequiresSharedFactAttribute(relativePath).Skip ?? new RequiresOnnxRuntimeFactAttribute().Skip;
    }
}

/// <summary>A fact that needs the ONNX Runtime native library that set-up fetches.</summary>
public sealed class RequiresOnnxRuntimeFactAttribute : FactAttribute
{
    public RequiresOnnxRuntimeFactAttribute()
    {
        // In CI and ./test.sh set-up always fetches the library, so a missing library there is a failure, not a skip.
        if (EdgeFacePaths.OnnxRuntimeLibrary is null && Environment.GetEnvironmentVariable("EDGEFACE_REQUIRE_ORT") != "1")
            Skip = "ONNX Runtime library not found (run ./test.sh, which fetches it into .cache/)";
    }
}

/// <summary>A fact that needs an executable on PATH (e.g. mosquitto); skipped with a reason where it is missing.</summary>
public sealed class RequiresCommandFactAttribute : FactAttribute
{
    public RequiresCommandFactAttribute(params string[] commands)
    {
        foreach (var c in commands)
            if (!Tools.OnPath(c)) { Skip = $"'{c}' is not installed (./test.sh installs it)"; break; }
    }
}

public static class Tools
{
    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(["/usr/sbin", "/sbin"])
        .Any(d => File.Exists(System.IO.Path.Combine(d, command)));
}

/// <summary>A fact that only runs when an environment variable is set to 1 (slow opt-in checks); skipped with a reason otherwise.</summary>
public sealed class RequiresEnvironmentFactAttribute : FactAttribute
{
    public RequiresEnvironmentFactAttribute(string variable, string why)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1") Skip = $"set {variable}=1 to run ({why})";
    }
}
