using EdgeFace.Core.Events;

namespace EdgeFace.Pipeline;

/// <summary>Receives face-lifecycle events off the frame path (stdout, MQTT). Must not keep the event after returning.</summary>
public interface IEventSink
{
    void Write(FaceEvent e);
}
