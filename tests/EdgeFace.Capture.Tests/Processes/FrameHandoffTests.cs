using EdgeFace.Capture.Processes;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Tests.Processes;

public class FrameHandoffTests
{
    [Fact]
    public void Live_mode_drops_and_releases_the_oldest()
    {
        var pool = new FramePool();
        var h = new FrameHandoff(2, dropOldest: true);
        for (int i = 0; i < 5; i++) { var f = pool.Rent(4, PixelFormat.Gray8, 2, 2, 2); f.Sequence = i; h.Add(f); }
        Assert.Equal(3, h.Dropped);
        Assert.Equal(2, pool.Outstanding);
        Assert.True(h.TryTake(TimeSpan.Zero, out var a));
        Assert.Equal(3, a!.Sequence);
        a.Release();
        h.Close();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void File_mode_blocks_the_producer_instead_of_dropping()
    {
        var pool = new FramePool();
        var h = new FrameHandoff(1, dropOldest: false);
        h.Add(pool.Rent(4, PixelFormat.Gray8, 2, 2, 2));
        var producer = new Thread(() => h.Add(pool.Rent(4, PixelFormat.Gray8, 2, 2, 2)));
        producer.Start();
        Assert.False(producer.Join(100));
        Assert.True(h.TryTake(TimeSpan.Zero, out var first));
        first!.Release();
        Assert.True(producer.Join(5000));
        Assert.Equal(0, h.Dropped);
        h.Close();
    }

    [Fact]
    public void Completion_is_reported_after_queued_frames()
    {
        var pool = new FramePool();
        var h = new FrameHandoff(2, dropOldest: true);
        h.Add(pool.Rent(4, PixelFormat.Gray8, 2, 2, 2));
        h.Complete(new CaptureException(CaptureErrorKind.Lost, "rpicam-vid exited with code 1"));
        Assert.True(h.TryTake(TimeSpan.Zero, out var f));
        f!.Release();
        var ex = Assert.Throws<CaptureException>(() => h.TryTake(TimeSpan.Zero, out _));
        Assert.Equal(CaptureErrorKind.Lost, ex.Kind);
    }
}
