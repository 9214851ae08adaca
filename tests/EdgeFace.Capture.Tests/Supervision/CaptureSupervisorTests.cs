using EdgeFace.Capture.Supervision;
using EdgeFace.Capture.Tests.Support;
using EdgeFace.TestSupport;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Tests.Supervision;

public class CaptureSupervisorTests
{
    private static readonly CaptureSupervisorOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(40),
        PollInterval = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromMilliseconds(300), QueueCapacity = 2,
    };

    private static bool WaitFor(Func<bool> condition, int ms = 5000) => Wait.For(condition, TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void A_slow_consumer_loses_the_oldest_frames_which_are_released_and_counted()
    {
        var pool = new FramePool();
        var steps = Enumerable.Range(0, 10).Select(_ => ScriptedSource.Frame(pool)).Append(ScriptedSource.Fail(CaptureErrorKind.EndOfStream));
        using var sup = new CaptureSupervisor(() => new ScriptedSource(steps), Fast);
        sup.Start();
        Assert.True(WaitFor(() => sup.State == CameraState.Ended));

        var got = new List<long>();
        while (sup.Frames.TryRead(out var f)) { got.Add(f.Sequence); f.Release(); }
        Assert.Equal([8L, 9L], got); // capacity 2: only the newest survive
        Assert.Equal(new CaptureCounters(10, 8, 0, 0, 0), sup.Counters);
        Assert.Equal(0, pool.Outstanding);
        Assert.True(sup.Frames.Completion.IsCompleted);
    }

    [Fact]
    public void A_lost_source_is_reopened_and_the_outage_counted()
    {
        var pool = new FramePool();
        int made = 0;
        var states = new List<CameraState>();
        using var sup = new CaptureSupervisor(() => ++made switch
        {
            1 => new ScriptedSource([ScriptedSource.Frame(pool), ScriptedSource.Fail(CaptureErrorKind.Lost, "ENODEV")]),
            2 => new ScriptedSource([], new CaptureException(CaptureErrorKind.Lost, "cannot open /dev/video0: No such file")),
            _ => new ScriptedSource(Enumerable.Repeat(ScriptedSource.Frame(pool), 200_000)),
        }, Fast);
        sup.StateChanged += s => { lock (states) states.Add(s); };
        sup.Start();
        // The event is raised just after the state changes: wait for the handler to have seen all three.
        Assert.True(WaitFor(() => sup.Counters.Reconnects == 1 && sup.State == CameraState.Streaming && states.Count >= 3));
        var c = sup.Counters;
        Assert.Equal(1, c.Outages);
        Assert.Equal(1, c.OpenFailures);
        lock (states) Assert.Equal([CameraState.Streaming, CameraState.Reconnecting, CameraState.Streaming], states.Take(3));
        Assert.Contains("No such file", sup.LastError);
        sup.Dispose();
        while (sup.Frames.TryRead(out var f)) f.Release();
        Assert.Equal(CameraState.Stopped, sup.State);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void A_stalled_source_counts_as_an_outage_and_is_reopened()
    {
        var pool = new FramePool();
        int made = 0;
        var sources = new List<ScriptedSource>();
        using var sup = new CaptureSupervisor(() =>
        {
            var s = new ScriptedSource(++made == 1 ? [ScriptedSource.Frame(pool)] : Enumerable.Range(0, 5).Select(_ => ScriptedSource.Frame(pool)));
            lock (sources) sources.Add(s);
            return s;
        }, Fast);
        sup.Start();
        Assert.True(WaitFor(() => sup.Counters.Outages >= 1 && sup.Counters.Reconnects >= 1));
        Assert.Contains("no frame for", sup.LastError);
        lock (sources) Assert.True(sources[0].Disposed, "the stalled source was not closed");
    }

    [Fact]
    public void A_configuration_error_fails_for_good_with_the_message()
    {
        using var sup = new CaptureSupervisor(() => new ScriptedSource([], new CaptureException(CaptureErrorKind.Configuration, "size 800x600 is not offered")), Fast);
        sup.Start();
        Assert.True(WaitFor(() => sup.State == CameraState.Failed));
        Assert.Equal("size 800x600 is not offered", sup.LastError);
        Assert.True(WaitFor(() => sup.Frames.Completion.IsCompleted));
    }

    [Fact]
    public void A_configuration_error_after_streaming_is_retried_like_an_outage()
    {
        // A replugged camera whose node udev has not yet given the video group (EACCES), or a reopen while old
        // buffers are still mapped (EBUSY): the configuration worked a moment ago, so it is retried.
        var pool = new FramePool();
        int made = 0;
        using var sup = new CaptureSupervisor(() => ++made switch
        {
            1 => new ScriptedSource([ScriptedSource.Frame(pool), ScriptedSource.Fail(CaptureErrorKind.Lost, "ENODEV")]),
            2 => new ScriptedSource([], new CaptureException(CaptureErrorKind.Configuration, "cannot open /dev/video0: Permission denied")),
            _ => new ScriptedSource(Enumerable.Repeat(ScriptedSource.Frame(pool), 200_000)),
        }, Fast);
        sup.Start();
        Assert.True(WaitFor(() => sup.Counters.Reconnects == 1 && sup.State == CameraState.Streaming));
        Assert.Equal((1L, 1L), (sup.Counters.Outages, sup.Counters.OpenFailures));
        sup.Dispose();
        while (sup.Frames.TryRead(out var f)) f.Release();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Frames_a_source_dropped_itself_are_counted_as_dropped()
    {
        var pool = new FramePool();
        var source = new DroppingSource(pool);
        using var sup = new CaptureSupervisor(() => source, Fast);
        sup.Start();
        Assert.True(WaitFor(() => sup.State == CameraState.Ended));
        while (sup.Frames.TryRead(out var f)) f.Release();
        // three frames handed out, each after the source itself dropped two; the queue (capacity 2) dropped one more
        Assert.Equal(new CaptureCounters(3, 6 + 1, 0, 0, 0), sup.Counters);
    }

    private sealed class DroppingSource(FramePool pool) : IFrameSource
    {
        private int _read;
        public string Description => "dropping";
        public long Dropped => 2L * _read;
        public void Open() { }
        public bool TryRead(TimeSpan timeout, out Frame? frame)
        {
            if (_read == 3) throw new CaptureException(CaptureErrorKind.EndOfStream, "done");
            _read++;
            frame = pool.Rent(16, PixelFormat.Gray8, 4, 4, 4);
            return true;
        }
        public void Dispose() { }
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_resets()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(700));
        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(0, 5).Select(_ => b.Next().TotalMilliseconds));
        b.Reset();
        Assert.Equal(100, b.Next().TotalMilliseconds);
    }

    [Fact]
    public void Giving_up_after_the_failure_budget_is_reported_as_failed()
    {
        var opts = Fast with { MaxConsecutiveFailures = 3 };
        int attempts = 0;
        using var sup = new CaptureSupervisor(() => { attempts++; return new ScriptedSource([], new CaptureException(CaptureErrorKind.Lost, "gone")); }, opts);
        sup.Start();
        Assert.True(WaitFor(() => sup.State == CameraState.Failed));
        Assert.Equal(3, attempts);
        Assert.Equal(3, sup.Counters.OpenFailures);
    }

    [Fact]
    public void Steady_state_capture_through_the_queue_allocates_nothing()
    {
        // Frames recycled from a pool, read by a consumer that releases them: the supervisor's per-frame path
        // (read, count, enqueue, drop-oldest) must not allocate once warm.
        var pool = new FramePool();
        var frames = Enumerable.Range(0, 4).Select(_ => pool.Rent(16, PixelFormat.Gray8, 4, 4, 4)).ToArray();
        foreach (var f in frames) f.Release();
        var source = new EndlessSource(pool);
        using var sup = new CaptureSupervisor(() => source, Fast with { StallTimeout = TimeSpan.FromSeconds(30) });
        sup.Start();
        Assert.True(WaitFor(() => sup.Counters.Frames > 20_000));
        long before = source.AllocatedOnCaptureThread;
        long framesBefore = sup.Counters.Frames;
        Assert.True(WaitFor(() => sup.Counters.Frames > framesBefore + 50_000));
        long perFrame = (source.AllocatedOnCaptureThread - before) / Math.Max(1, sup.Counters.Frames - framesBefore);
        Assert.Equal(0, perFrame);
        Assert.True(sup.Counters.Dropped > 0, "nothing was dropped: the test did not exercise drop-oldest");
    }

    private sealed class EndlessSource(FramePool pool) : IFrameSource
    {
        private long _allocated;
        public long AllocatedOnCaptureThread => Volatile.Read(ref _allocated);
        public string Description => "endless";
        public void Open() { }
        public bool TryRead(TimeSpan timeout, out Frame? frame)
        {
            Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
            frame = pool.Rent(16, PixelFormat.Gray8, 4, 4, 4);
            return true;
        }
        public void Dispose() { }
    }
}
