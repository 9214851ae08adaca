using EdgeFace.Configuration;
using EdgeFace.Pipeline;
using EdgeFace.Tracking;

namespace EdgeFace.Composition;

/// <summary>
/// Builds the running stages from a configuration: the models through the model factory, and capture → decode →
/// frame pipeline through the capture factory. It only builds; the frame loop starts, runs and replaces what it
/// builds, and nothing here knows about MQTT (sinks and observers come in as the pipeline's interfaces).
/// </summary>
public sealed class StageComposer(IModelFactory models, ICaptureFactory captures, EventDispatcher dispatcher,
    IReadOnlyList<IFrameObserver> observers, IStageRecorder? recorder)
{
    public FrameProcessor LoadModels(EdgeFaceConfig config) => models.Load(config);

    /// <summary>A stage set for <paramref name="config"/>'s source around <paramref name="processor"/>, not started yet.</summary>
    public StageSet Compose(EdgeFaceConfig config, FrameProcessor processor, FaceTracker tracker, PipelineCounters counters, WakeSignal ready)
    {
        var capture = captures.Create(config);
        var decode = new DecodeStage(capture.Frames, ready);
        var pipeline = new FramePipeline(processor, tracker, dispatcher, observers, recorder, counters);
        decode.WantsFrame = pipeline.WantsFrame;
        decode.PrepareAhead = processor.PrepareAhead;
        return new StageSet(capture, decode, pipeline);
    }
}
