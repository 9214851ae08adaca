using EdgeFace.Insights;

namespace EdgeFace.Daemon.Tests.Insights;

public class YawnDetectorTests
{
    private static readonly InsightsSettings Settings = new() { YawnOpenness = 0.5, YawnMinMs = 1500 };

    private static (YawnDetector Detector, List<long> RecognisedAt) Run(Func<long, float> mouth, long durationMs)
    {
        var d = new YawnDetector();
        var at = new List<long>();
        for (long t = 0; t <= durationMs; t += 50) if (d.Update(mouth(t), t, Settings)) at.Add(t);
        return (d, at);
    }

    [Fact]
    public void A_wide_mouth_held_past_the_minimum_is_one_yawn_recognised_at_the_minimum()
    {
        var (d, at) = Run(t => t is >= 1000 and < 5000 ? 0.75f : 0.02f, 7000);
        Assert.Equal(1, d.Yawns);
        Assert.InRange(Assert.Single(at), 2500, 2600); // 1000 + 1500, plus a frame of smoothing
        Assert.False(d.Yawning);
    }

    [Fact]
    public void Talking_opens_the_mouth_too_briefly_for_a_yawn()
    {
        // 300 ms wide open, 200 ms closed, over and over for 10 s.
        var (d, at) = Run(t => t % 500 < 300 ? 0.6f : 0.05f, 10000);
        Assert.Equal(0, d.Yawns);
        Assert.Empty(at);
    }

    [Fact]
    public void A_yawn_wavering_at_the_threshold_is_counted_once_and_two_yawns_twice()
    {
        var (d, _) = Run(t => t switch
        {
            < 1000 => 0,
            < 4000 => t % 400 < 200 ? 0.55f : 0.46f, // around 0.5 but never below 0.4
            < 6000 => 0,
            < 8000 => 0.9f,
            _ => 0,
        }, 9000);
        Assert.Equal(2, d.Yawns);
    }
}
