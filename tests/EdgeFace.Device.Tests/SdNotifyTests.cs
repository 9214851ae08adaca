using System.Net.Sockets;
using System.Text;
using EdgeFace.Device.Systemd;

namespace EdgeFace.Device.Tests;

/// <summary>Real AF_UNIX datagram sockets that the test listens on, as systemd would.</summary>
public sealed class SdNotifyTests
{
    private sealed class Listener : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        private readonly string? _file;

        public Listener(string name)
        {
            _file = name.StartsWith('@') ? null : name;
            _socket.Bind(new UnixDomainSocketEndPoint(name.StartsWith('@') ? "\0" + name[1..] : name));
            _socket.ReceiveTimeout = 5000;
        }

        public string Receive()
        {
            var buffer = new byte[4096];
            int n = _socket.Receive(buffer);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }

        public bool NothingPending() => _socket.Available == 0;

        public void Dispose()
        {
            _socket.Dispose();
            if (_file is not null) File.Delete(_file);
        }
    }

    public static TheoryData<string> SocketNames() => new()
    {
        Path.Combine(Path.GetTempPath(), $"edgeface-notify-{Guid.NewGuid():N}.sock"),
        $"@edgeface-notify-{Guid.NewGuid():N}",
    };

    [Theory]
    [MemberData(nameof(SocketNames))]
    public void Each_message_is_one_datagram(string socketName)
    {
        using var listener = new Listener(socketName);
        using var notify = new SdNotify(socketName);

        Assert.True(notify.Ready("warming up"));
        Assert.Equal("READY=1\nSTATUS=warming up", listener.Receive());
        Assert.True(notify.Status("12.5 fps\ntwo lines"));
        Assert.Equal("STATUS=12.5 fps two lines", listener.Receive());
        Assert.True(notify.WatchdogPing());
        Assert.Equal("WATCHDOG=1", listener.Receive());
        Assert.True(notify.Stopping());
        Assert.Equal("STOPPING=1", listener.Receive());
    }

    [Fact]
    public void Missing_socket_reports_failure_instead_of_throwing()
    {
        using var notify = new SdNotify(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock"));
        Assert.False(notify.Ready());
    }

    [Fact]
    public void Watchdog_pings_only_after_progress()
    {
        string name = $"@edgeface-wd-{Guid.NewGuid():N}";
        using var listener = new Listener(name);
        using var notify = new SdNotify(name);
        using var watchdog = new Watchdog(notify.WatchdogPing, TimeSpan.FromHours(1)); // timer never fires here: steps by hand
        Assert.Equal(TimeSpan.FromMinutes(30), watchdog.Interval);

        watchdog.Check();                       // no progress yet: nothing sent
        Thread.Sleep(50);
        Assert.True(listener.NothingPending());
        Assert.Equal(0, watchdog.PingsSent);

        watchdog.Progress();
        watchdog.Progress();
        watchdog.Check();                       // progress seen: one ping
        Assert.Equal("WATCHDOG=1", listener.Receive());
        watchdog.Check();                       // stalled again: nothing
        Thread.Sleep(50);
        Assert.True(listener.NothingPending());
        Assert.Equal(1, watchdog.PingsSent);
    }

    [Fact]
    public async Task Watchdog_timer_sends_at_half_the_period_while_progressing()
    {
        string name = $"@edgeface-wdt-{Guid.NewGuid():N}";
        using var listener = new Listener(name);
        using var notify = new SdNotify(name);
        using var watchdog = new Watchdog(notify.WatchdogPing, TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource();
        var pipeline = Task.Run(async () => { while (!cts.IsCancellationRequested) { watchdog.Progress(); await Task.Delay(10); } });
        Assert.Equal("WATCHDOG=1", listener.Receive());
        Assert.Equal("WATCHDOG=1", listener.Receive());
        cts.Cancel();
        await pipeline;
    }
}

public sealed class ServiceNotifierTests
{
    [Fact]
    public void Outside_systemd_every_call_is_a_no_op()
    {
        using var n = new ServiceNotifier(null, TimeSpan.FromSeconds(10));
        Assert.False(n.UnderSystemd);
        Assert.Null(n.WatchdogInterval);
        n.Ready("x"); n.Status("y"); n.Progress(); n.Stopping();
    }

    [Fact]
    public void Under_systemd_it_notifies_and_runs_the_watchdog_at_half_period()
    {
        string name = $"@edgeface-svc-{Guid.NewGuid():N}";
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint("\0" + name[1..]));
        listener.ReceiveTimeout = 5000;
        using var n = new ServiceNotifier(new SdNotify(name), TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(30), n.WatchdogInterval);
        n.Ready();
        var buffer = new byte[256];
        Assert.Equal("READY=1", System.Text.Encoding.UTF8.GetString(buffer, 0, listener.Receive(buffer)));
    }
}
