using System.Diagnostics;
using EdgeFace.Capture.Supervision;
using EdgeFace.TestSupport;

namespace EdgeFace.Capture.Tests.Processes;

/// <summary>
/// <c>rtsp://</c> sources against a real RTSP server (GStreamer's rtsp-server streaming RTP/JPEG, started by
/// Support/rtsp_server.py): frames through ffmpeg over RTSP/TCP, and the supervisor reconnecting when the server
/// goes away and comes back.
/// </summary>
public sealed class RtspSourceTests
{
    private const int W = 320, H = 240;

    /// <summary>Skips (with the reason) where ffmpeg or GStreamer's RTSP server is missing; ./test.sh installs both.</summary>
    private sealed class RequiresRtspServerFactAttribute : FactAttribute
    {
        public RequiresRtspServerFactAttribute() => Skip = SkipReasons.CommandMissing("ffmpeg")
            ?? SkipReasons.PythonMissing("import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer",
                "gir1.2-gst-rtsp-server-1.0");
    }

    private sealed class RtspServer : IDisposable
    {
        private readonly Process _process;

        public RtspServer(int port)
        {
            Port = port;
            _process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
                [RepoPaths.Path("tests", "EdgeFace.Capture.Tests", "Support", "rtsp_server.py"), port.ToString(), W.ToString(), H.ToString()])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var ready = _process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "READY")
                throw new InvalidOperationException("the RTSP test server did not start: " + _process.StandardError.ReadToEnd());
        }

        public int Port { get; }
        public string Url => $"rtsp://127.0.0.1:{Port}/test";

        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); }
            _process.Dispose();
        }
    }


    [RequiresRtspServerFact]
    public void Frames_arrive_over_rtsp_with_the_stream_size_and_a_stopped_server_is_lost()
    {
        using var server = new RtspServer(LoopbackPorts.Free());
        using var source = FrameSourceFactory.Create(server.Url);
        source.Open();
        Assert.Contains($"stream:{server.Url}", source.Description);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(source.TryRead(TimeSpan.FromSeconds(15), out var f), $"no frame {i} from {server.Url}");
            Assert.Equal((W, H), (f!.Width, f.Height));
            // the SMPTE bars: the top-left bar is light grey, not black (the picture really decoded)
            Assert.True(f.Data[0] > 100, $"first pixel {f.Data[0]} is too dark for the test pattern");
            f.Release();
        }
        server.Dispose();
        var until = DateTime.UtcNow.AddSeconds(30);
        var lost = Assert.Throws<CaptureException>(() =>
        {
            while (DateTime.UtcNow < until) if (source.TryRead(TimeSpan.FromSeconds(1), out var f)) f!.Release();
        });
        Assert.Equal(CaptureErrorKind.Lost, lost.Kind);
    }

    [RequiresRtspServerFact]
    public void The_supervisor_reconnects_when_the_rtsp_server_comes_back()
    {
        int port = LoopbackPorts.Free();
        var server = new RtspServer(port);
        var options = new CaptureSupervisorOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(1), StallTimeout = TimeSpan.FromSeconds(5), QueueCapacity = 2,
        };
        using var sup = CaptureSupervisor.ForUri($"rtsp://127.0.0.1:{port}/test", options);
        sup.Start();
        try
        {
            Assert.True(WaitFor(() => sup.State == CameraState.Streaming, 30), $"never streamed: {sup.LastError}");
            server.Dispose();
            Assert.True(WaitFor(() => sup.Counters.Outages == 1, 30), $"outage not seen: {sup.State} {sup.LastError}");
            server = new RtspServer(port);
            Assert.True(WaitFor(() => sup.Counters.Reconnects == 1 && sup.State == CameraState.Streaming, 60), $"did not reconnect: {sup.State} {sup.LastError}");
        }
        finally
        {
            server.Dispose();
            sup.Dispose();
            while (sup.Frames.TryRead(out var f)) f.Release();
        }
    }

    private static bool WaitFor(Func<bool> condition, int seconds) => Wait.For(condition, TimeSpan.FromSeconds(seconds), pollMs: 50);
}
