using EdgeFace.Insights;

namespace EdgeFace.Daemon.Tests.Insights;

public class FacingDetectorTests
{
    private static readonly InsightsSettings Unsmoothed = new() { FacingYawDeg = 20, FacingPitchDeg = 15, FacingHysteresisDeg = 5, SmoothingAlpha = 1 };

    [Fact]
    public void Facing_starts_inside_the_thresholds_and_ends_only_past_the_hysteresis()
    {
        var d = new FacingDetector();
        // yaw:           0     22 (inside 20+5)  26 (past)  22 (not back within 20)  19
        bool[] expected = [true, true,            false,     false,                   true];
        float[] yaws = [0, 22, 26, 22, 19];
        for (int i = 0; i < yaws.Length; i++) Assert.Equal(expected[i], d.Update(yaws[i], 0, Unsmoothed));
        Assert.False(d.Update(0, -21, Unsmoothed)); // pitch past 15+5 ends it too
        Assert.False(d.Update(-3, 17, Unsmoothed)); // and 17 is not back within 15
        Assert.True(d.Update(-3, 14, Unsmoothed));
    }

    [Fact]
    public void Smoothing_ignores_a_single_frame_spike()
    {
        var d = new FacingDetector();
        var s = new InsightsSettings { SmoothingAlpha = 0.3 };
        for (int i = 0; i < 5; i++) d.Update(0, 0, s);
        Assert.True(d.Update(60, 0, s)); // smoothed 18°: still facing
        Assert.True(d.Update(0, 0, s));
        Assert.False(new FacingDetector().Update(60, 0, s)); // a face first seen at 60° is not facing
    }

    [Fact]
    public void Insights_settings_refuse_an_open_ratio_at_or_below_the_closed_ratio()
    {
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        new InsightsSettings { EyeClosedRatio = 0.7, EyeOpenRatio = 0.7 }.Validate("insights", issues);
        Assert.Equal("insights.eye_open_ratio", Assert.Single(issues.Items).Path);
        issues = new EdgeFace.Core.Configuration.ConfigIssues();
        new InsightsSettings().Validate("insights", issues);
        Assert.True(issues.IsValid);
    }
}
