using System.Collections.Concurrent;
using EdgeFace.Onnx;

namespace EdgeFace.Inference.Detectors;

/// <summary>
/// The few spare input buffers a detector lends for tensors written ahead: one being written, one waiting and one
/// being run is all a pipeline needs, so the pool stops growing at <see cref="Capacity"/> and a caller that finds it
/// empty writes the tensor itself. Buffers are made on first demand and reused, so the steady state allocates nothing.
/// </summary>
internal sealed class PreparedInputPool : IDisposable
{
    public const int Capacity = 4;
    private readonly BoundRun _run;
    private readonly int _inputIndex;
    private readonly ConcurrentQueue<PreparedInput> _idle = new();
    private int _made;
    private volatile bool _disposed;

    public PreparedInputPool(object owner, BoundRun run, int inputIndex)
    {
        Owner = owner; _run = run; _inputIndex = inputIndex;
    }

    public object Owner { get; }

    /// <summary>A free input, or null when all are lent out (or the detector is gone).</summary>
    public PreparedInput? Rent()
    {
        if (_disposed) return null;
        if (_idle.TryDequeue(out var input)) return input;
        if (Interlocked.Increment(ref _made) > Capacity) { Interlocked.Decrement(ref _made); return null; }
        return new PreparedInput(this, _run.CreateInputBuffer(_inputIndex));
    }

    public void Return(PreparedInput input)
    {
        if (_disposed) { input.Buffer.Dispose(); return; }
        _idle.Enqueue(input);
        // Dispose may have drained the queue between the check and the enqueue: drain again so nothing leaks.
        if (_disposed) DrainIdle();
    }

    /// <summary>Frees the idle buffers; those still lent out are freed as they come back.</summary>
    public void Dispose()
    {
        _disposed = true;
        DrainIdle();
    }

    private void DrainIdle()
    {
        while (_idle.TryDequeue(out var input)) input.Buffer.Dispose();
    }
}
