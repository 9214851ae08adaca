using System.Collections.Concurrent;
using EdgeFace.Messaging.Events;

namespace EdgeFace.Tracking;

/// <summary>
/// Recycles face events between the frame thread (the tracker fills them) and the event dispatcher (which returns them
/// after every sink has written them), so producing an event on the frame path allocates nothing. The events are the
/// messaging layer's <see cref="FaceEvent"/>: the one shape used on stdout and on MQTT.
/// </summary>
public sealed class FaceEventPool
{
    private readonly ConcurrentQueue<FaceEvent> _free = new();

    public FaceEventPool(int preallocate = 64)
    {
        for (int i = 0; i < preallocate; i++) _free.Enqueue(new FaceEvent());
    }

    public FaceEvent Rent() => _free.TryDequeue(out var e) ? e : new FaceEvent();

    public void Return(FaceEvent e) => _free.Enqueue(e);
}

/// <summary>Approximate head pose in degrees (yaw right-positive, pitch down-positive, roll clockwise-positive).</summary>
public readonly record struct HeadPose(float Yaw, float Pitch, float Roll);
