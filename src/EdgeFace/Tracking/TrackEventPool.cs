using System.Collections.Concurrent;

namespace EdgeFace.Tracking;

/// <summary>Recycles <see cref="TrackEvent"/> objects between the frame thread (producer) and the publisher.</summary>
public sealed class TrackEventPool
{
    private readonly ConcurrentQueue<TrackEvent> _free = new();

    public TrackEventPool(int preallocate = 64)
    {
        for (int i = 0; i < preallocate; i++) _free.Enqueue(new TrackEvent());
    }

    public TrackEvent Rent() => _free.TryDequeue(out var e) ? e : new TrackEvent();

    public void Return(TrackEvent e) => _free.Enqueue(e);
}
