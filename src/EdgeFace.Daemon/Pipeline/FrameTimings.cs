namespace EdgeFace.Pipeline;

/// <summary>Per-frame stage durations in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
public struct FrameTimings
{
    /// <summary>From capture timestamp to the moment the pipeline took the frame (queueing delay).</summary>
    public long Capture;
    public long Decode;
    public long Detect;
    public long Landmarks;
    public long Tracking;
    public long Publish;
    /// <summary>Bare ONNX Runtime Run time inside Detect + Landmarks (the rest is EdgeFace's overhead).</summary>
    public long OrtRun;
    public bool Detected;
    public int Faces;

    public readonly long Get(PipelineStage stage) => stage switch
    {
        PipelineStage.Capture => Capture,
        PipelineStage.Decode => Decode,
        PipelineStage.Detect => Detect,
        PipelineStage.Landmarks => Landmarks,
        PipelineStage.Tracking => Tracking,
        _ => Publish,
    };

    public readonly long Processing => Decode + Detect + Landmarks + Tracking + Publish;
}
