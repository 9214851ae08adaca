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

/// <summary>The optional per-frame landmark stream (mqtt.landmarks_stream): the service rate-limits per face and
/// serialises off the frame thread.</summary>
public sealed class MqttLandmarkSink(MqttService service) : ILandmarkSink
{
    public void Write(int faceId, long unixTimeMs, ReadOnlySpan<System.Drawing.PointF> landmarks) =>
        service.PublishLandmarks(faceId, unixTimeMs, landmarks);
}
