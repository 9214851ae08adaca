namespace EdgeFace.Pipeline;

/// <summary>Receives each processed frame's stage timings (performance reporting). Called on the frame thread.</summary>
public interface IStageRecorder
{
    void Record(in FrameTimings timings);
}
