using System.Diagnostics;

namespace EdgeFace.TestSupport;

/// <summary>Prometheus' own checker as an independent judge of an exposition page (tests guard with RequiresCommandFact("promtool")).</summary>
public static class Promtool
{
    /// <summary>Feeds <paramref name="page"/> to <c>promtool check metrics</c>; its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) CheckMetrics(string page)
    {
        var psi = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(page);
        p.StandardInput.Close();
        // stderr is small (a few findings); reading stdout to the end first cannot deadlock on it
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
