using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Events;

namespace EdgeFace.Pipeline;

/// <summary>
/// Moves events from the frame thread to the sinks on a task of its own, so a slow sink (a broker outage, a blocked
/// stdout) never stalls frame processing. Events are few (a handful per second), so the queue is unbounded; the MQTT
/// sink makes them durable in its outbox.
/// </summary>
public sealed class EventDispatcher : IAsyncDisposable
{
    private readonly Channel<FaceEvent> _queue = Channel.CreateUnbounded<FaceEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FaceEventPool _pool;
    private readonly List<IEventSink> _sinks;
    private readonly Task _loop;

    public EventDispatcher(FaceEventPool pool, IEnumerable<IEventSink> sinks)
    {
        _pool = pool;
        _sinks = sinks.ToList();
        _loop = Task.Run(RunAsync);
    }

    public void Post(FaceEvent e)
    {
        if (!_queue.Writer.TryWrite(e)) _pool.Return(e);
    }

    private async Task RunAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync())
        {
            foreach (var sink in _sinks)
            {
                try { sink.Write(e); }
                catch (Exception ex) { Log.Error("events", $"{sink.GetType().Name} failed: {ex.Message}"); }
            }
            _pool.Return(e);
        }
    }

    /// <summary>Delivers what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
