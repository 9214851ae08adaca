using EdgeFace.Gpio;
using EdgeFace.Pipeline;

namespace EdgeFace.Integrations;

/// <summary>
/// Feeds detections and their tracked signals (facing, eyes, yawns) to the GPIO rules (hold/pulse outputs) on the frame thread; allocation-free. It asks for the
/// current service on every frame, so a remote GPIO change (which replaces the service) takes effect without
/// rebuilding the pipeline; a service disposed between the lookup and the call ignores the frame.
/// </summary>
public sealed class GpioObserver(Func<GpioService?> gpio) : IFrameObserver
{
    public void OnFrame(in FrameResult result)
    {
        if (result.Detected && gpio() is { } service) service.OnFrame(result.Faces, result.Signals, result.Width, result.Height);
    }
}
