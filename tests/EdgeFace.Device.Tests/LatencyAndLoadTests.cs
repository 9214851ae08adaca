using EdgeFace.TestSupport;
using EdgeFace.Device.Load;
using EdgeFace.Device.Stats;

namespace EdgeFace.Device.Tests;

public sealed class LatencyAndLoadTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_the_window()
    {
        var w = new LatencyWindow("detect", capacity: 100);
        foreach (int i in Enumerable.Range(1, 100).Reverse()) w.Record(i);
        var s = w.Summarize();
        Assert.Equal((100, 100L, 50.5, 50.0, 95.0, 99.0, 100.0), (s.WindowCount, s.TotalCount, s.MeanMs, s.P50Ms, s.P95Ms, s.P99Ms, s.MaxMs));
    }

    [Fact]
    public void Old_samples_leave_the_window_but_stay_in_the_totals()
    {
        var w = new LatencyWindow("capture", capacity: 10);
        for (int i = 0; i < 10; i++) w.Record(1000);
        for (int i = 0; i < 10; i++) w.Record(2);
        var s = w.Summarize();
        Assert.Equal((10, 20L, 2.0, 2.0), (s.WindowCount, s.TotalCount, s.P99Ms, s.MaxMs));
        Assert.Equal(10020, s.TotalMs, 6);
    }

    [Fact]
    public void Recording_and_summarising_allocate_nothing()
    {
        var w = new LatencyWindow("x", 256);
        for (int i = 0; i < 300; i++) w.Record(i);
        w.Summarize();
        int n = 0;
        void Step() { using (w.Measure()) { } w.Record(n++ * 0.1); if (n % 1000 == 0) w.Summarize(); }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 10_000, warmup: 1000));
    }

    private static ThermalOptions Thermal => new() { LimitC = 80, ResumeC = 72, CpuLimitPercent = 85, ThrottledDetectEvery = 3 };

    [Fact]
    public void Temperature_throttles_with_hysteresis()
    {
        var clock = new ManualClock();
        var load = new AdaptiveLoad(Thermal, normalDetectEvery: 1, clock, TimeSpan.FromSeconds(10));
        Assert.False(load.Update(79.9, 10));
        Assert.True(load.Update(80.0, 10));
        Assert.Equal((true, 3), (load.Throttled, load.DetectEvery));
        Assert.Contains("temperature", load.Reason);
        Assert.True(load.ShouldDetect(0));
        Assert.False(load.ShouldDetect(1));
        Assert.False(load.ShouldDetect(2));
        Assert.True(load.ShouldDetect(3));

        clock.Advance(20_000);
        Assert.False(load.Update(75, 10));     // below the limit but above resume: stays throttled
        Assert.True(load.Update(72, 10));      // at resume: back to every frame
        Assert.Equal((false, 1, 2L), (load.Throttled, load.DetectEvery, load.Transitions));
    }

    [Fact]
    public void Cpu_resume_uses_the_projected_load_and_a_minimum_dwell()
    {
        var clock = new ManualClock();
        var load = new AdaptiveLoad(Thermal, normalDetectEvery: 1, clock, TimeSpan.FromSeconds(10));
        Assert.True(load.Update(null, 90));
        Assert.Contains("CPU", load.Reason);
        clock.Advance(5_000);
        Assert.False(load.Update(null, 10));    // looks idle, but the dwell time has not passed
        clock.Advance(5_000);
        Assert.False(load.Update(null, 30));    // 30 % at 1/3 of the work projects to 90 % ≥ 85 %
        Assert.True(load.Update(null, 25));     // projects to 75 %: resume
        Assert.False(load.Update(null, 95));    // just switched: the dwell keeps it from flapping
        clock.Advance(10_000);
        Assert.True(load.Update(null, 95));
    }

    [Fact]
    public void Profile_detect_every_is_the_floor()
    {
        var load = new AdaptiveLoad(Thermal, normalDetectEvery: 4, new ManualClock());
        Assert.Equal(4, load.DetectEvery);
        load.Update(90, 0);
        Assert.Equal(4, load.DetectEvery);      // throttled_detect_every 3 < 4: never detect more often than normal
    }

    [Fact]
    public void Thermal_options_validate_hysteresis()
    {
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        new ThermalOptions { LimitC = 70, ResumeC = 75, ThrottledDetectEvery = 1 }.Validate("thermal", issues);
        Assert.Contains(issues.Items, i => i.Path == "thermal.resume_c");
        Assert.Contains(issues.Items, i => i.Path == "thermal.throttled_detect_every");
    }
}
