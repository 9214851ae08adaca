using EdgeFace.Core.Diagnostics;
using EdgeFace.Messaging;
using EdgeFace.Pipeline;
using EdgeFace.Tracking;

using EdgeFace.Messaging.Events;

namespace EdgeFace.Integrations;

/// <summary>Hands events to the MQTT service, whose durable outbox keeps them until the broker acknowledges them.</summary>
public sealed class MqttEventSink(MqttService service) : IEventSink
{
    public void Write(FaceEvent e)
    {
        var fe = service.RentEvent();
        FaceEventCopy.CopyTo(e, fe);
        if (!service.TryPublishEvent(fe)) Log.Warn("mqtt", $"event for face {e.Id} was not accepted by the outbox");
    }
}

/// <summary>Keeps Home Assistant's presence and face-count sensors current (publishes only on change).</summary>
public sealed class PresenceObserver(MqttService service) : IFrameObserver
{
    public void OnFrame(in FrameResult result)
    {
        if (result.Detected) service.UpdatePresence(result.Faces.Length);
    }
}
