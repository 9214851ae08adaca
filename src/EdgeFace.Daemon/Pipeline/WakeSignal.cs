using System.Threading.Tasks.Sources;

namespace EdgeFace.Pipeline;

/// <summary>
/// Wakes one waiting consumer (the frame loop) when any of several producers has something for it: the decode stage
/// a frame, a remote request a command, shutdown its stop. A signal set while nobody waits is kept, so a wake between
/// the consumer's last look and its wait is not lost. Waiting allocates nothing (a reusable value-task source, resumed
/// through the thread pool so a producer never runs the consumer's work on its own thread), which a channel wait with
/// a cancellation token could not offer on the per-frame path.
/// </summary>
public sealed class WakeSignal : IValueTaskSource, IThreadPoolWorkItem
{
    private const int Idle = 0, Signalled = 1, Waiting = 2;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state;

    /// <summary>Wakes the consumer, now if it waits, or at its next <see cref="WaitAsync"/>. Any thread.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled: return;
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle) return;
                    break;
                default:
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                        return;
                    }
                    break;
            }
        }
    }

    /// <summary>Completes when <see cref="Set"/> was called since the last wait. One consumer only.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled) return ValueTask.CompletedTask;
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Signalled)
        {
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }
        return new ValueTask(this, _core.Version);
    }

    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
