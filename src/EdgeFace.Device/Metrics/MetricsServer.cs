using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Device.Metrics;

/// <summary>
/// A minimal HTTP/1.1 server for <c>GET /metrics</c> over a plain TCP listener (no ASP.NET): one request per
/// connection, answered with the text the render callback returns. Scrapes are rare (every 15–60 s), so
/// simplicity beats throughput here.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 8192;
    private readonly TcpListener _listener;
    private readonly Func<string> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MetricsServer(TcpListener listener, Func<string> render)
    {
        _listener = listener;
        _render = render;
        _loop = Task.Run(AcceptLoop);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Starts listening (port 0 picks a free port, see <see cref="EndPoint"/>).</summary>
    public static MetricsServer Start(string bind, int port, Func<string> render)
    {
        var listener = new TcpListener(IPAddress.Parse(bind), port);
        try { listener.Start(); }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"metrics endpoint cannot listen on {bind}:{port}: {e.Message}", e);
        }
        var server = new MetricsServer(listener, render);
        Log.Info("metrics", $"serving http://{server.EndPoint}/metrics");
        return server;
    }

    public static MetricsServer Start(MetricsOptions options, Func<string> render) => Start(options.Bind, options.Port, render);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var stream = client.GetStream();
            string? requestLine = await ReadHead(stream, timeout.Token);
            if (requestLine is null) return;
            var parts = requestLine.Split(' ');
            string method = parts[0], target = parts.Length > 1 ? parts[1] : "";
            string path = target.Split('?')[0];
            if (method is not ("GET" or "HEAD")) await Respond(stream, 405, "text/plain", "only GET\n", method == "HEAD", timeout.Token);
            else if (path != "/metrics") await Respond(stream, 404, "text/plain", "see /metrics\n", method == "HEAD", timeout.Token);
            else
            {
                string body;
                try { body = _render(); }
                catch (Exception e)
                {
                    Log.Error("metrics", $"rendering metrics failed: {e.Message}");
                    await Respond(stream, 500, "text/plain", "internal error\n", false, timeout.Token);
                    return;
                }
                await Respond(stream, 200, "text/plain; version=0.0.4; charset=utf-8", body, method == "HEAD", timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // A client that goes away or stalls is not the daemon's problem.
        }
    }

    /// <summary>Reads up to the blank line ending the request head; returns the request line.</summary>
    private static async Task<string?> ReadHead(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestBytes];
        int used = 0;
        while (used < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(used), ct);
            if (n == 0) return null;
            used += n;
            var head = buffer.AsSpan(0, used);
            if (head.IndexOf("\r\n\r\n"u8) >= 0 || head.IndexOf("\n\n"u8) >= 0)
            {
                int eol = head.IndexOf((byte)'\n');
                return Encoding.ASCII.GetString(head[..eol]).TrimEnd('\r');
            }
        }
        return null;
    }

    private static async Task Respond(NetworkStream stream, int status, string contentType, string body, bool headOnly, CancellationToken ct)
    {
        byte[] payload = Encoding.UTF8.GetBytes(body);
        string reason = status switch { 200 => "OK", 404 => "Not Found", 405 => "Method Not Allowed", _ => "Internal Server Error" };
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        if (!headOnly) await stream.WriteAsync(payload, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
