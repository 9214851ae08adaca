using Xunit;

namespace EdgeFace.TestSupport;

// xunit 2 cannot skip from inside a test, so conditions are checked when the attribute is built and turned
// into a Skip reason that the runner prints.

/// <summary>A fact that needs ../shared (teachers or data); skipped with a reason where it is absent.</summary>
public sealed class RequiresSharedFactAttribute : FactAttribute
{
    public RequiresSharedFactAttribute(string relativePath) => Skip = SkipReasons.SharedMissing(relativePath);
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
    public RequiresOnnxRuntimeFactAttribute() => Skip = SkipReasons.OnnxRuntimeMissing();
}

/// <summary>A fact that needs an executable on PATH (e.g. mosquitto); skipped with a reason where it is missing.</summary>
public sealed class RequiresCommandFactAttribute : FactAttribute
{
    public RequiresCommandFactAttribute(params string[] commands) => Skip = SkipReasons.CommandMissing(commands);
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
