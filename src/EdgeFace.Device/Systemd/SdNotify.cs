using System.Net.Sockets;
using System.Text;
using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Device.Systemd;

/// <summary>
/// The systemd notification protocol (sd_notify(3)) without libsystemd: each message is one datagram of
/// <c>KEY=VALUE</c> lines sent to the AF_UNIX socket named by <c>$NOTIFY_SOCKET</c>. A leading <c>@</c> in that
/// name means Linux's abstract namespace (the address starts with a NUL byte instead).
/// </summary>
public sealed class SdNotify : IDisposable
{
    private static readonly byte[] WatchdogMessage = "WATCHDOG=1"u8.ToArray();
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly object _gate = new();
    private bool _failedOnce;

    public SdNotify(string notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket)) throw new ArgumentException("empty notify socket name", nameof(notifySocket));
        SocketName = notifySocket;
        _endpoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>The socket as given (<c>/run/systemd/notify</c> or <c>@abstract-name</c>).</summary>
    public string SocketName { get; }

    /// <summary>A notifier for <c>$NOTIFY_SOCKET</c>, or null when not started by systemd with Type=notify.</summary>
    public static SdNotify? FromEnvironment() =>
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } s ? new SdNotify(s) : null;

    /// <summary>Startup finished: systemd considers the service started.</summary>
    public bool Ready(string? status = null) => Send(status is null ? "READY=1" : $"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>Free-form status shown by <c>systemctl status</c>.</summary>
    public bool Status(string status) => Send($"STATUS={OneLine(status)}");

    /// <summary>Keep-alive for WatchdogSec=. Use <see cref="Watchdog"/> so it is only sent while work progresses.</summary>
    public bool WatchdogPing() => SendBytes(WatchdogMessage);

    /// <summary>Shutdown begun.</summary>
    public bool Stopping() => Send("STOPPING=1");

    /// <summary>Sends one message (several KEY=VALUE lines may be joined with \n). False when delivery failed.</summary>
    public bool Send(string message) => SendBytes(Encoding.UTF8.GetBytes(message));

    private bool SendBytes(byte[] message)
    {
        lock (_gate)
        {
            try
            {
                _socket.SendTo(message, SocketFlags.None, _endpoint);
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Notification is best effort: the daemon keeps working, but say why systemd may not hear from it.
                if (!_failedOnce) Log.Warn("systemd", $"cannot notify {SocketName}: {e.Message}");
                _failedOnce = true;
                return false;
            }
        }
    }

    private static string OneLine(string s) => s.Replace('\n', ' ');

    public void Dispose() => _socket.Dispose();
}
