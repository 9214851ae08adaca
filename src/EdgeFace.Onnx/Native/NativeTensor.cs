using System.Buffers;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx.Native;

/// <summary>Tensors over caller memory and access to a tensor's shape and data.</summary>
internal static unsafe class NativeTensor
{
    private const int DeviceAllocator = 0, MemTypeDefault = 0;
    private static OrtMemoryInfoHandle? _cpu;

    /// <summary>The one CPU memory description every caller-owned tensor uses.</summary>
    private static OrtMemoryInfoHandle Cpu
    {
        get
        {
            if (_cpu is { } cpu) return cpu;
            nint info;
            OrtStatus.Check(OrtApi.CreateCpuMemoryInfo(DeviceAllocator, MemTypeDefault, &info));
            var created = new OrtMemoryInfoHandle(info);
            if (Interlocked.CompareExchange(ref _cpu, created, null) is { } other) { created.Dispose(); return other; }
            return created;
        }
    }

    /// <summary>
    /// Wraps pinned memory (kept pinned by <paramref name="pin"/> for the value's lifetime) as a tensor; ORT reads
    /// and writes that memory in place, it copies nothing.
    /// </summary>
    internal static OrtValueHandle CreateOver(in MemoryHandle pin, long byteLength, ReadOnlySpan<long> shape, TensorElementType type)
    {
        nint value;
        fixed (long* s = shape)
            OrtStatus.Check(OrtApi.CreateTensorWithDataAsOrtValue(Cpu.Pointer, pin.Pointer, (nuint)byteLength, s, (nuint)shape.Length, (int)type, &value));
        return new OrtValueHandle(value);
    }

    internal static (TensorElementType Type, long[] Shape) Describe(OrtValueHandle value)
    {
        nint info;
        OrtStatus.Check(OrtApi.GetTensorTypeAndShape(value.Pointer, &info));
        try { return (NativeSession.ElementType(info), NativeSession.Shape(info)); }
        finally { OrtApi.ReleaseTensorTypeAndShapeInfo(info); }
    }

    /// <summary>The tensor's data as a span of <paramref name="length"/> elements (the caller knows the count).</summary>
    internal static Span<T> Data<T>(OrtValueHandle value, int length) where T : unmanaged
    {
        void* data;
        OrtStatus.Check(OrtApi.GetTensorMutableData(value.Pointer, &data));
        return new Span<T>(data, length);
    }
}
