using System.Buffers;
using EdgeFace.Onnx.Native;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx;

/// <summary>
/// A tensor ORT can read or write. Made by <see cref="CreateTensor{T}"/> it wraps the caller's memory, pinned for the
/// value's lifetime, so ORT reads inputs from and writes outputs straight into the caller's buffer. Values returned by
/// <see cref="InferenceSession.Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string})"/> hold memory ORT allocated.
/// </summary>
public sealed class OrtValue : IDisposable
{
    private MemoryHandle _pin;
    private readonly long[] _shape;

    private OrtValue(OrtValueHandle handle, TensorElementType type, long[] shape, MemoryHandle pin)
    {
        Handle = handle; ElementType = type; _shape = shape; _pin = pin;
        long n = 1;
        foreach (long d in shape) n *= d;
        ElementCount = n;
    }

    internal OrtValueHandle Handle { get; }

    public TensorElementType ElementType { get; }

    public ReadOnlySpan<long> Shape => _shape;

    public long ElementCount { get; }

    /// <summary>Wraps <paramref name="buffer"/> as a tensor of <paramref name="shape"/>; the buffer must hold exactly that many elements.</summary>
    public static OrtValue CreateTensor<T>(Memory<T> buffer, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = TensorElementTypeInfo.Of<T>();
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"tensor shape {NodeMetadata.FormatShape(shape)} has a negative dimension", nameof(shape));
            count *= d;
        }
        if (count != buffer.Length)
            throw new ArgumentException($"tensor shape {NodeMetadata.FormatShape(shape)} needs {count} elements; the buffer has {buffer.Length}", nameof(buffer));
        _ = OrtEnvironment.Instance;
        var pin = buffer.Pin();
        try
        {
            var handle = NativeTensor.CreateOver(pin, count * TensorElementTypeInfo.SizeOf(type), shape, type);
            return new OrtValue(handle, type, shape.ToArray(), pin);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of a value ORT allocated.</summary>
    internal static OrtValue FromOrt(OrtValueHandle handle)
    {
        var (type, shape) = NativeTensor.Describe(handle);
        return new OrtValue(handle, type, shape, default);
    }

    /// <summary>The elements, read-write (ORT's or the caller's memory, wherever the tensor lives).</summary>
    public Span<T> GetTensorMutableData<T>() where T : unmanaged
    {
        if (TensorElementTypeInfo.Of<T>() != ElementType)
            throw new InvalidOperationException($"tensor holds {TensorElementTypeInfo.Name(ElementType)}, not {typeof(T).Name}");
        return NativeTensor.Data<T>(Handle, checked((int)ElementCount));
    }

    public ReadOnlySpan<T> GetTensorData<T>() where T : unmanaged => GetTensorMutableData<T>();

    public void Dispose()
    {
        Handle.Dispose();
        _pin.Dispose();
        _pin = default;
    }
}
