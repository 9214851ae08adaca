namespace EdgeFace.Onnx;

/// <summary>
/// A second buffer for one input of a <see cref="BoundRun"/>: a pinned array of the input's shape wrapped as an
/// <see cref="OrtValue"/>. Another thread can fill it while the run works on its own buffer, then
/// <see cref="BoundRun.Run(InputBuffer)"/> runs the model on it (no copy). Made by <see cref="BoundRun.CreateInputBuffer"/>.
/// </summary>
public sealed class InputBuffer : IDisposable
{
    private readonly Array _buffer;

    internal InputBuffer(BoundRun owner, int index, Array buffer, OrtValue value)
    {
        Owner = owner; Index = index; _buffer = buffer; Value = value;
    }

    internal BoundRun Owner { get; }
    internal OrtValue Value { get; }

    /// <summary>Which input of the run this buffer stands in for.</summary>
    public int Index { get; }

    public Span<T> As<T>() where T : unmanaged => _buffer is T[] typed
        ? typed
        : throw new InvalidOperationException($"input {Index} holds {_buffer.GetType().GetElementType()!.Name}, not {typeof(T).Name}");

    public void Dispose() => Value.Dispose();
}
