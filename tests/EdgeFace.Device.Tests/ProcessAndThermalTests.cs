using EdgeFace.TestSupport;
using EdgeFace.Device.Stats;

namespace EdgeFace.Device.Tests;

public sealed class ProcessAndThermalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edgeface-proc").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Stat(long utime, long stime) =>
        $"4242 (edge face (x)) S 1 4242 4242 0 -1 4194560 1234 0 0 0 {utime} {stime} 0 0 20 0 12 0 555 1000000 2500 18446744073709551615\n";

    [Fact]
    public void Cpu_percent_comes_from_utime_plus_stime_over_wall_time()
    {
        var clock = new ManualClock();
        Write("self/stat", Stat(100, 50));
        Write("self/status", "Name:\tedgeface\nVmPeak:\t  999 kB\nVmRSS:\t   51200 kB\nThreads:\t12\n");
        var sampler = new ProcessSampler(Path.Combine(_root, "self"), clock, cores: 4);
        var first = sampler.Sample();
        Assert.Equal(0, first.CpuPercent);                 // no previous sample yet
        Assert.Equal(51200L * 1024, first.RssBytes);

        clock.Advance(2000);
        Write("self/stat", Stat(250, 100));               // +200 ticks = 2 s CPU in 2 s wall
        var second = sampler.Sample();
        Assert.Equal(100, second.CpuPercent, 6);
        Assert.Equal(25, second.CpuPercentOfMachine, 6);

        clock.Advance(5);
        Write("self/stat", Stat(251, 100));               // one 10 ms tick within 5 ms: quantisation, not 200 %
        Assert.Equal(100, sampler.Sample().CpuPercent, 6);
        clock.Advance(1000);
        Write("self/stat", Stat(300, 100));               // 50 ticks since the last real sample, 1.005 s ago
        Assert.Equal(50 / 1.005, sampler.Sample().CpuPercent, 3);
    }

    [Fact]
    public void Cpu_ms_per_frame_is_process_cpu_over_detected_frames_and_null_before_it_is_known()
    {
        var clock = new ManualClock();
        Write("self/stat", Stat(100, 50));
        Write("self/status", "VmRSS:\t   51200 kB\n");
        using var reporter = new PerformanceReporter(process: new ProcessSampler(Path.Combine(_root, "self"), clock, cores: 2),
            clock: clock, sampleInterval: TimeSpan.Zero);
        reporter.Sample();
        Assert.Null(reporter.Snapshot().Process.CpuMsPerFrame);   // one sample: no interval yet
        for (int i = 0; i < 40; i++) reporter.FrameDetected(1);
        clock.Advance(2000);
        Write("self/stat", Stat(150, 60));                      // +60 ticks = 600 ms of CPU in 2 s, 40 frames
        reporter.Sample();
        var snap = reporter.Snapshot();
        Assert.Equal(30, snap.Process.CpuPercent, 6);
        Assert.Equal(15.0, snap.Process.CpuMsPerFrame!.Value, 6);  // 600 ms / 40 frames
        Assert.Contains("edgeface_process_cpu_ms_per_frame 15", reporter.ToPrometheus());
        clock.Advance(2000);
        Write("self/stat", Stat(160, 60));                      // CPU used, but no frame detected in this interval
        reporter.Sample();
        Assert.Null(reporter.Snapshot().Process.CpuMsPerFrame);
    }

    [Fact]
    public void Real_proc_self_shows_cpu_use_and_memory()
    {
        var sampler = new ProcessSampler();
        var self = System.Diagnostics.Process.GetCurrentProcess();
        sampler.Sample();
        var firstSample = DateTime.UtcNow;
        // Burn until the kernel has charged at least 300 ms of CPU to us (the machine may be heavily shared).
        var cpuBefore = self.TotalProcessorTime;
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        double x = 0;
        while (DateTime.UtcNow < giveUp)
        {
            for (int i = 0; i < 100_000; i++) x += Math.Sqrt(x + i);
            self.Refresh();
            if (self.TotalProcessorTime - cpuBefore > TimeSpan.FromMilliseconds(300)) break;
        }
        // The sampler ignores samples closer than its minimum interval (CPU time is counted in 10 ms ticks).
        var wait = firstSample + ProcessSampler.MinimumInterval + TimeSpan.FromMilliseconds(100) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
        var s = sampler.Sample();
        Assert.True(s.CpuPercent > 0, $"CPU {s.CpuPercent} % after {(self.TotalProcessorTime - cpuBefore).TotalMilliseconds} ms of CPU ({x})");
        self.Refresh();
        Assert.InRange(s.RssBytes, self.WorkingSet64 / 2, self.WorkingSet64 * 2);
    }

    [Fact]
    public void Thermal_sensor_prefers_the_cpu_zone_and_reads_millidegrees()
    {
        Write("thermal/thermal_zone0/type", "acpitz\n");
        Write("thermal/thermal_zone0/temp", "27800\n");
        Write("thermal/thermal_zone1/type", "cpu-thermal\n");
        Write("thermal/thermal_zone1/temp", "61234\n");
        Write("thermal/cooling_device0/type", "fan\n");
        var sensor = new ThermalSensor(Path.Combine(_root, "thermal"));
        Assert.Equal("cpu-thermal", sensor.ZoneType);
        Assert.Equal(61.234, sensor.ReadCelsius()!.Value, 6);
        Write("thermal/thermal_zone1/temp", "80500\n");
        Assert.Equal(80.5, sensor.ReadCelsius()!.Value, 6);
    }

    [Fact]
    public void Thermal_sensor_without_zones_reports_nothing()
    {
        var sensor = new ThermalSensor(Path.Combine(_root, "none"));
        Assert.False(sensor.Available);
        Assert.Null(sensor.ReadCelsius());
    }

    [Fact]
    public void Pi_throttling_flags_decode()
    {
        Write("get_throttled", "50005\n");
        var state = new PiThrottling(Path.Combine(_root, "get_throttled")).Read()!.Value;
        Assert.True(state.UnderVoltage);
        Assert.True(state.Throttled);
        Assert.False(state.FrequencyCapped);
        Assert.True(state.UnderVoltageOccurred);
        Assert.True(state.ThrottledOccurred);
        Assert.False(state.SoftTemperatureLimitOccurred);
        Assert.Null(new PiThrottling(Path.Combine(_root, "absent")).Read());
    }
}
