namespace EdgeFace.Pipeline;

/// <summary>Sees every processed frame's faces on the frame path (GPIO rules, presence). Must be cheap and allocation-free.</summary>
public interface IFrameObserver
{
    void OnFrame(in FrameResult result);
}
