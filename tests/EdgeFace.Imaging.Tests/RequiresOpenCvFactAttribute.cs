using System.Diagnostics;

namespace EdgeFace.Imaging.Tests;

/// <summary>A fact that needs Debian's python3 with python3-opencv (the training side's reference for resampling).</summary>
public sealed class RequiresOpenCvFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> s_available = new(Probe);

    public RequiresOpenCvFactAttribute()
    {
        if (!s_available.Value) Skip = $"{Python} with cv2 is not available (Debian package python3-opencv)";
    }

    private static bool Probe()
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import cv2, numpy"]) { RedirectStandardError = true })!;
            return p.WaitForExit(30_000) && p.ExitCode == 0;
        }
        catch (Exception) { return false; }
    }
}
