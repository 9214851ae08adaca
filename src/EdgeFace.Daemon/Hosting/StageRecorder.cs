using System.Diagnostics;
using EdgeFace.Device.Stats;
using EdgeFace.Pipeline;

namespace EdgeFace.Hosting;

/// <summary>Feeds per-frame stage timings into the performance reporter's sliding latency windows.</summary>
public sealed class StageRecorder : IStageRecorder
{
    private readonly PerformanceReporter _reporter;
    private readonly LatencyWindow[] _windows;
    private readonly LatencyWindow _ort;
    private readonly LatencyWindow _total;
    private static readonly PipelineStage[] Stages = Enum.GetValues<PipelineStage>();

    public StageRecorder(PerformanceReporter reporter)
    {
        _reporter = reporter;
        _windows = Enum.GetValues<PipelineStage>().Select(s => reporter.Stage(s.ToString().ToLowerInvariant())).ToArray();
        _ort = reporter.Stage("ort_run");
        _total = reporter.Stage("total");
    }

    public void Record(in FrameTimings timings)
    {
        foreach (var stage in Stages)
        {
            long ticks = timings.Get(stage);
            if (stage is PipelineStage.Detect or PipelineStage.Landmarks or PipelineStage.Decode && !timings.Detected) continue;
            _windows[(int)stage].Record(ticks * 1000.0 / Stopwatch.Frequency);
        }
        if (timings.Detected)
        {
            _ort.Record(timings.OrtRun * 1000.0 / Stopwatch.Frequency);
            _reporter.FrameDetected(timings.Faces);
        }
        else _reporter.FrameSkipped();
        _total.Record(timings.Processing * 1000.0 / Stopwatch.Frequency);
    }
}
