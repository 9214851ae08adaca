using EdgeFace.Core.Diagnostics;
using EdgeFace.Messaging;
using EdgeFace.Pipeline;
using EdgeFace.Core.Events;

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
