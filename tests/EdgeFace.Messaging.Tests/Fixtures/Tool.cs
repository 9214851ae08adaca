using System.Diagnostics;
using System.Text;

namespace EdgeFace.Messaging.Tests.Fixtures;

/// <summary>Runs command-line peers (mosquitto_sub/pub, openssl, mosquitto_passwd).</summary>
public static class Tool
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, bool check = true)
    {
        var p = Start(file, args);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try { await p.Process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Process.Kill(); throw new TimeoutException($"{file} {string.Join(' ', args)} timed out: {p.Output}"); }
        p.Process.WaitForExit();
        if (check && p.Process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.Process.ExitCode}: {p.Output} {p.Errors}");
        return p.Output;
    }

    public static RunningTool Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(psi)!;
        var tool = new RunningTool(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) tool.AddLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (tool.ErrorBuilder) tool.ErrorBuilder.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }
}

public sealed class RunningTool : IDisposable
{
    private readonly List<string> _lines = new();
    internal readonly StringBuilder ErrorBuilder = new();

    public RunningTool(Process process) => Process = process;
    public Process Process { get; }

    public string Output { get { lock (_lines) return string.Join('\n', _lines); } }
    public string Errors { get { lock (ErrorBuilder) return ErrorBuilder.ToString(); } }
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToArray(); } }

    internal void AddLine(string line) { lock (_lines) _lines.Add(line); }

    /// <summary>Waits until some output line satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            var hit = Lines.FirstOrDefault(predicate);
            if (hit is not null) return hit;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no matching line within {timeout.TotalSeconds} s; got: {Output} {Errors}");
    }

    public void Dispose()
    {
        try { if (!Process.HasExited) { Process.Kill(); Process.WaitForExit(); } } catch (InvalidOperationException) { }
        Process.Dispose();
    }
}
