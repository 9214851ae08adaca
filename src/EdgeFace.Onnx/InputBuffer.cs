using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx;

/// <summary>
/// A second buffer for one input of a <see cref="BoundRun"/>: a pinned array of the input's shape wrapped as an
/// <see cref="OrtValue"/>, with its own <see cref="OrtIoBinding"/>. Another thread can fill it while the run works on
/// its own buffer, then <see cref="BoundRun.Run(InputBuffer)"/> runs the model on it (no copy, no rebinding).
/// Made by <see cref="BoundRun.CreateInputBuffer"/>; dispose it before its run.
/// </summary>
public sealed class InputBuffer : IDisposable
{
    private readonly Array _buffer;
    private readonly OrtValue _value;

    internal InputBuffer(BoundRun owner, int index, Array buffer, OrtValue value, OrtIoBinding binding)
    {
        Owner = owner; Index = index; _buffer = buffer; _value = value; Binding = binding;
    }

    internal BoundRun Owner { get; }
    internal OrtIoBinding Binding { get; }

    /// <summary>Which input of the run this buffer stands in for.</summary>
    public int Index { get; }

    public Span<T> As<T>() where T : unmanaged => _buffer is T[] typed
        ? typed
        : throw new InvalidOperationException($"input {Index} holds {_buffer.GetType().GetElementType()!.Name}, not {typeof(T).Name}");

    public void Dispose()
    {
        Binding.Dispose();
        _value.Dispose();
    }
}
