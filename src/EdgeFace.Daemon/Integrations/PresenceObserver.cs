using EdgeFace.Messaging;
using EdgeFace.Pipeline;

namespace EdgeFace.Integrations;

/// <summary>Keeps Home Assistant's presence and face-count sensors current (publishes only on change).</summary>
public sealed class PresenceObserver(MqttService service) : IFrameObserver
{
    public void OnFrame(in FrameResult result)
    {
        if (result.Detected) service.UpdatePresence(result.Faces.Length);
    }
}
