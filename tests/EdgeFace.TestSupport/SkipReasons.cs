using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFace.Core.Hosting;

namespace EdgeFace.TestSupport;

/// <summary>
/// Why a test cannot run on this machine, or null when it can: the conditions that the skip attributes of every test
/// project share, each written once. A project's own attribute adds the checks only it can make (a library it loads,
/// a fixture it reads) and sets <c>Skip</c> to the first reason.
/// </summary>
public static class SkipReasons
{
    private static readonly ConcurrentDictionary<string, bool> PythonImports = new();

    /// <summary>The ONNX Runtime native library; under ./test.sh and CI (EDGEFACE_REQUIRE_ORT=1) a missing one fails the test instead.</summary>
    public static string? OnnxRuntimeMissing() =>
        EdgeFacePaths.OnnxRuntimeLibrary is null && Environment.GetEnvironmentVariable("EDGEFACE_REQUIRE_ORT") != "1"
            ? "ONNX Runtime library not found (run ./test.sh, which fetches it into .cache/)"
            : null;

    /// <summary>The first of <paramref name="commands"/> that is not on PATH.</summary>
    public static string? CommandMissing(params string[] commands) =>
        commands.FirstOrDefault(c => !Tools.OnPath(c)) is { } missing ? $"'{missing}' is not installed (./test.sh installs it)" : null;

    /// <summary>A file or folder under ../shared (teachers, data); optional, only training and accuracy tests use it.</summary>
    public static string? SharedMissing(string relativePath)
    {
        if (SharedData.Root is null) return "../shared is not present (optional: only training and accuracy tests use it)";
        string path = Path.Combine(SharedData.Root, relativePath);
        return File.Exists(path) || Directory.Exists(path) ? null : $"../shared/{relativePath} is not present";
    }

    /// <summary>Debian's python3 able to run <paramref name="imports"/> (checked once per process).</summary>
    public static string? PythonMissing(string imports, string package) =>
        PythonImports.GetOrAdd(imports, CanImport) ? null : $"{Python} cannot run '{imports}' (Debian package {package}; ./test.sh installs it)";

    public const string Python = "/usr/bin/python3";

    private static bool CanImport(string imports)
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, ["-c", imports]) { RedirectStandardError = true })!;
            return p.WaitForExit(30_000) && p.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { return false; }
    }
}
