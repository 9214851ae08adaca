using EdgeFace.Insights;

namespace EdgeFace.Daemon.Tests.Insights;

public class BlinkDetectorTests
{
    private const int FrameMs = 33; // 30 fps
    private static readonly InsightsSettings Settings = new();

    /// <summary>Feeds <paramref name="ear"/>(t) at 30 fps for <paramref name="durationMs"/>.</summary>
    private static BlinkDetector Run(Func<long, float> ear, long durationMs, Action<long, BlinkDetector>? each = null)
    {
        var d = new BlinkDetector();
        long last = 0;
        for (long t = 0; t <= durationMs; t += FrameMs)
        {
            float e = ear(t);
            d.Update(e, e, t, t == 0 ? 0 : t - last, Settings);
            last = t;
            each?.Invoke(t, d);
        }
        return d;
    }

    /// <summary>Open at <paramref name="open"/>, shut (EAR 0.03) during each [start, start + length) window.</summary>
    private static Func<long, float> Closures(float open, params (long Start, long Length)[] windows) =>
        t => windows.Any(w => t >= w.Start && t < w.Start + w.Length) ? 0.03f : open;

    [Theory]
    [InlineData(0.32f)] // wide eyes
    [InlineData(0.18f)] // narrow eyes: an absolute 0.2 threshold would call them always closed
    public void Short_closures_are_counted_as_blinks_whatever_the_face_open_level(float open)
    {
        var blinks = new (long, long)[] { (1000, 150), (2500, 200), (4000, 120), (6100, 250) };
        var d = Run(Closures(open, blinks), 8000);
        Assert.Equal(4, d.Blinks);
        Assert.False(d.Closed);
        Assert.InRange(d.LeftOpenness, 0.9f, 1.1f);
        // Smoothing delays the closed state by about a frame and the open state by one or two.
        Assert.InRange(d.ClosedTotalMs, 4 * 100, 720 + 4 * 2 * FrameMs);
    }

    [Fact]
    public void A_long_closure_is_eyes_closed_not_a_blink_and_its_length_is_reported()
    {
        long closedMsAt2900 = -1;
        var d = Run(Closures(0.3f, (1000, 2000)), 5000, (t, s) => { if (t == 2904) closedMsAt2900 = s.ClosedMs; });
        Assert.Equal(0, d.Blinks);
        Assert.InRange(closedMsAt2900, 1900 - 2 * FrameMs, 1900); // closed since ~1000 (one frame of smoothing lag)
        Assert.InRange(d.ClosedTotalMs, 2000 - FrameMs, 2000 + 3 * FrameMs);
        Assert.Equal(0, d.ClosedMs);
    }

    [Fact]
    public void Jitter_of_the_open_eye_and_a_half_close_are_not_blinks()
    {
        var rng = new Random(7);
        // ±10 % landmark noise on an open eye, then a squint to 75 % of the open level for a second.
        var d = Run(t => (t is > 3000 and < 4000 ? 0.225f : 0.3f) * (1 + 0.1f * (float)(rng.NextDouble() * 2 - 1)), 6000);
        Assert.Equal(0, d.Blinks);
        Assert.Equal(0, d.ClosedTotalMs);
    }

    [Fact]
    public void A_track_that_starts_with_closed_eyes_learns_the_open_level_once_they_open()
    {
        // Shut for the first 300 ms (learnt as "open"), then open at 0.3 and blinking at 2 s.
        var d = Run(t => t < 300 || t is >= 2000 and < 2150 ? 0.03f : 0.3f, 3000);
        Assert.Equal(1, d.Blinks);
    }

    [Fact]
    public void Blink_rate_appears_once_ten_seconds_were_observed()
    {
        float earlyRate = 0;
        var d = Run(Closures(0.3f, (1000, 150), (4000, 150), (7000, 150), (10000, 150), (13000, 150)), 15000,
            (t, s) => { if (t == 5016) earlyRate = s.BlinksPerMinute; });
        Assert.True(float.IsNaN(earlyRate));
        Assert.Equal(5, d.Blinks);
        Assert.Equal(20f, d.BlinksPerMinute, 0.5f); // 5 blinks in 15 s
    }
}
