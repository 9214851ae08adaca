using System.Collections.Concurrent;

namespace EdgeFace.Core.Events;

/// <summary>
/// Recycles face events between the frame thread (the tracker fills them) and the event dispatcher (which returns them
/// after every sink has written them), so producing an event on the frame path allocates nothing.
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
