using EdgeFace.Gpio;
using EdgeFace.Pipeline;

namespace EdgeFace.Integrations;

/// <summary>Feeds detections to the GPIO rules (hold/pulse outputs) on the frame thread; allocation-free.</summary>
public sealed class GpioObserver(GpioService gpio) : IFrameObserver
{
    public void OnFrame(in FrameResult result)
    {
        if (result.Detected) gpio.OnFrame(result.Faces, result.Width, result.Height);
    }
}
