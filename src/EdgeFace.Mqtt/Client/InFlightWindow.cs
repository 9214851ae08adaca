namespace EdgeFace.Mqtt.Client;

/// <summary>
/// Counts unacknowledged QoS 1/2 publishes. Unlike a SemaphoreSlim the limit can shrink after connect, when an
/// MQTT 5 broker announces a smaller Receive Maximum.
/// </summary>
internal sealed class InFlightWindow
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _used;

    public InFlightWindow(int limit) => Limit = limit;

    public int Limit { get; private set; }
    public int Used { get { lock (_gate) return _used; } }

    public void SetLimit(int limit)
    {
        lock (_gate) { Limit = Math.Max(1, limit); }
        Pump();
    }

    public Task WaitAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_used < Limit && _waiters.Count == 0) { _used++; return Task.CompletedTask; }
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(tcs);
            if (ct.CanBeCanceled)
                ct.Register(() => { if (tcs.TrySetCanceled(ct)) Pump(); });
            return tcs.Task;
        }
    }

    public void Release()
    {
        lock (_gate) { if (_used > 0) _used--; }
        Pump();
    }

    private void Pump()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_gate)
            {
                if (_used >= Limit || !_waiters.TryDequeue(out next)) return;
                _used++;
            }
            if (!next.TrySetResult())
                lock (_gate) _used--; // that waiter was cancelled meanwhile
        }
    }
}
