using EdgeFace.Capture.Supervision;
using EdgeFace.Capture.Tests.Support;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Capture.Tests.Processes;

/// <summary>
/// Runs the real subprocess path against a stand-in rpicam-vid: a script that checks its arguments and writes I420
/// frames padded the way the Pi ISP pads them (luma rows to 64 bytes), then exits like a camera that went away.
/// </summary>
public class RpicamFrameSourceTests
{
    private const string FakeRpicam = """
        #!/bin/sh
        echo "$@" >> "$(dirname "$0")/args.txt"
        exec python3 -c '
        import os, sys, time
        d, a = sys.argv[1], sys.argv[2:]
        w = int(a[a.index("--width") + 1]); h = int(a[a.index("--height") + 1])
        assert a[a.index("--codec") + 1] == "yuv420" and a[-2:] == ["-o", "-"], a
        stride = (w + 63) // 64 * 64
        out = sys.stdout.buffer
        for k in range(FRAMES):
            # paced: frame k is written once the test has taken frame k-1 (a camera on a loaded machine still drops)
            deadline = time.time() + 30
            while k > 0 and os.path.exists(d + "/paced") and not os.path.exists(d + "/took-%d" % (k - 1)) and time.time() < deadline:
                time.sleep(0.01)
            for r in range(h):
                out.write(bytes([(k * 10 + r) % 256]) * w + b"\xee" * (stride - w))
            out.write(bytes([100 + k]) * (stride // 2 * h // 2))
            out.write(bytes([200 - k]) * (stride // 2 * h // 2))
            out.flush()
        sys.stderr.write("ERROR: camera went away\n")
        sys.exit(3)
        ' "$(dirname "$0")" "$@"
        """;

    private static string WriteFake(TempDir dir, int frames)
    {
        var path = dir.File("rpicam-vid");
        File.WriteAllText(path, FakeRpicam.Replace("FRAMES", frames.ToString()).Replace("\r", ""));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [RequiresCommandFact("python3")]
    public void Padded_i420_frames_arrive_with_their_stride_and_the_exit_is_reported()
    {
        using var dir = new TempDir();
        var program = WriteFake(dir, 4);
        File.WriteAllText(dir.File("paced"), "");   // this test checks every frame's content: none may be dropped
        using var source = FrameSourceFactory.Create("rpicam:?width=780&height=36&fps=15&camera=1", new FrameSourceOptions(RpicamProgram: program));
        source.Open();
        for (int k = 0; k < 4; k++)
        {
            Assert.True(source.TryRead(TimeSpan.FromSeconds(10), out var frame), $"frame {k} did not arrive");
            Assert.Equal((PixelFormat.I420, 780, 36, 832, k), (frame!.Format, frame.Width, frame.Height, frame.Stride, (int)frame.Sequence));
            var view = frame.View;
            for (int r = 0; r < 36; r += 7)
            {
                Assert.Equal((byte)((k * 10 + r) % 256), view.Data[r * 832]);
                Assert.Equal((byte)((k * 10 + r) % 256), view.Data[r * 832 + 779]);
                Assert.Equal(0xEE, view.Data[r * 832 + 780]);
            }
            Assert.Equal((byte)(100 + k), view.Data[832 * 36]);
            Assert.Equal((byte)(200 - k), view.Data[832 * 36 + 416 * 18]);
            frame.Release();
            File.WriteAllText(dir.File($"took-{k}"), "");
        }
        var ex = Assert.Throws<CaptureException>(() => source.TryRead(TimeSpan.FromSeconds(10), out _));
        Assert.Equal(CaptureErrorKind.Lost, ex.Kind);
        Assert.Contains("exited with code 3", ex.Message);
        Assert.Contains("camera went away", ex.Message);
        Assert.Equal("-t 0 -n --codec yuv420 --width 780 --height 36 --framerate 15 --camera 1 -o -", File.ReadAllText(dir.File("args.txt")).Trim());
    }

    [RequiresCommandFact("python3")]
    public void The_supervisor_restarts_rpicam_vid_when_it_exits()
    {
        using var dir = new TempDir();
        var program = WriteFake(dir, 3);
        var options = new CaptureSupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50) };
        using var sup = CaptureSupervisor.ForUri("rpicam:?width=64&height=16", options, new FrameSourceOptions(RpicamProgram: program));
        sup.Start();
        long taken = 0;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (sup.Counters.Reconnects < 2 && DateTime.UtcNow < until)
        {
            while (sup.Frames.TryRead(out var f)) { taken++; f.Release(); }
            Thread.Sleep(10);
        }
        Assert.True(sup.Counters.Reconnects >= 2, $"reconnects {sup.Counters.Reconnects}, last error {sup.LastError}");
        Assert.True(sup.Counters.Outages >= 2);
        Assert.Contains("exited with code 3", sup.LastError);
        Assert.True(File.ReadAllLines(dir.File("args.txt")).Length >= 3, "rpicam-vid was not started again");
        Assert.True(taken > 0);
    }

    [Fact]
    public void A_missing_rpicam_vid_is_a_clear_configuration_error()
    {
        using var source = FrameSourceFactory.Create("rpicam:", new FrameSourceOptions(RpicamProgram: "/nonexistent/rpicam-vid"));
        var ex = Assert.Throws<CaptureException>(source.Open);
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains("cannot start '/nonexistent/rpicam-vid'", ex.Message);
    }
}
