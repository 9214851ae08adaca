using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// A small fixed-capacity queue between a reader thread and <see cref="IFrameSource.TryRead"/>. Live sources drop the
/// oldest frame when full (so the producer keeps draining its pipe); file sources block the producer instead (so no
/// frame of a recording is lost). Allocation-free once constructed.
/// </summary>
internal sealed class FrameHandoff
{
    private readonly Frame?[] _ring;
    private readonly bool _dropOldest;
    private readonly object _gate = new();
    private int _head, _count;
    private bool _completed, _closed;
    private CaptureException? _error;

    public FrameHandoff(int capacity, bool dropOldest)
    {
        _ring = new Frame?[Math.Max(1, capacity)];
        _dropOldest = dropOldest;
    }

    public long Dropped { get; private set; }

    /// <summary>Adds a frame; returns false (and releases the frame) when the consumer has closed the queue.</summary>
    public bool Add(Frame frame)
    {
        Frame? dropped = null;
        lock (_gate)
        {
            while (_count == _ring.Length && !_dropOldest && !_closed) Monitor.Wait(_gate);
            if (_closed) { frame.Release(); return false; }
            if (_count == _ring.Length)
            {
                dropped = _ring[_head];
                _ring[_head] = null;
                _head = (_head + 1) % _ring.Length;
                _count--;
                Dropped++;
            }
            _ring[(_head + _count) % _ring.Length] = frame;
            _count++;
            Monitor.PulseAll(_gate);
        }
        dropped?.Release();
        return true;
    }

    /// <summary>Marks the end of the stream; queued frames are still delivered first.</summary>
    public void Complete(CaptureException error)
    {
        lock (_gate) { _completed = true; _error ??= error; Monitor.PulseAll(_gate); }
    }

    public bool TryTake(TimeSpan timeout, out Frame? frame)
    {
        lock (_gate)
        {
            if (_count == 0 && !_completed) Monitor.Wait(_gate, timeout);
            if (_count > 0)
            {
                frame = _ring[_head];
                _ring[_head] = null;
                _head = (_head + 1) % _ring.Length;
                _count--;
                Monitor.PulseAll(_gate);
                return true;
            }
            frame = null;
            if (_completed) throw new CaptureException(_error!.Kind, _error.Message, _error.InnerException);
            return false;
        }
    }

    /// <summary>Stops the queue: releases what is queued and makes the producer's next Add fail.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            while (_count > 0)
            {
                _ring[_head]?.Release();
                _ring[_head] = null;
                _head = (_head + 1) % _ring.Length;
                _count--;
            }
            Monitor.PulseAll(_gate);
        }
    }
}
