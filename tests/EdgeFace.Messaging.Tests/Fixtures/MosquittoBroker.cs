using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeFace.Messaging.Tests.Fixtures;

/// <summary>
/// A real mosquitto on a free loopback port, configured from a generated file in a temp folder. Can be stopped
/// and started again on the same port (reconnect tests). Its log is kept for failure messages.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private Process? _process;

    private MosquittoBroker(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    public string LogPath => Path.Combine(Directory, "mosquitto.log");
    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    /// <summary>Starts a broker. <paramref name="listenerLines"/> are extra lines for the listener (TLS, auth...).</summary>
    public static async Task<MosquittoBroker> StartAsync(string listenerLines = "allow_anonymous true", TempDirectory? directory = null, bool persistence = false)
    {
        string dir = directory?.Path ?? TempDirectory.Create("mosq").Path;
        int port = FreePort();
        var conf = new StringBuilder()
            .AppendLine("per_listener_settings true")
            .AppendLine("user root")
            .AppendLine(persistence ? $"persistence true\npersistence_location {dir}/\nmax_queued_messages 100000" : "persistence false")
            .AppendLine($"log_dest file {Path.Combine(dir, "mosquitto.log")}")
            .AppendLine("log_type all")
            .AppendLine($"listener {port} 127.0.0.1")
            .AppendLine(listenerLines)
            .ToString();
        var broker = new MosquittoBroker(dir, port);
        File.WriteAllText(Path.Combine(dir, "mosquitto.conf"), conf);
        await broker.StartAgainAsync();
        return broker;
    }

    public static int FreePort() => EdgeFace.TestSupport.LoopbackPorts.Free();

    public async Task StartAgainAsync()
    {
        var psi = new ProcessStartInfo("mosquitto", ["-c", Path.Combine(Directory, "mosquitto.conf")])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        _process = Process.Start(psi)!;
        _process.BeginErrorReadLine(); _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {Log}");
            try
            {
                using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"mosquitto did not listen on {Port}: {Log}");
    }

    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM: mosquitto saves its persistence file before exiting.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is null || _process.HasExited) return;
        await Tool.RunAsync("kill", ["-TERM", _process.Id.ToString()]);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
