namespace EdgeFace.Onnx;

/// <summary>Tensor element types (ONNXTensorElementDataType; same numbers as ONNX TensorProto.DataType).</summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}

public static class TensorElementTypeInfo
{
    /// <summary>The element type that stores <typeparamref name="T"/>; throws for types ORT tensors cannot hold.</summary>
    public static TensorElementType Of<T>() where T : unmanaged
    {
        // typeof comparisons on a generic parameter fold to constants in the JIT, so this costs nothing per call.
        if (typeof(T) == typeof(float)) return TensorElementType.Float;
        if (typeof(T) == typeof(byte)) return TensorElementType.UInt8;
        if (typeof(T) == typeof(sbyte)) return TensorElementType.Int8;
        if (typeof(T) == typeof(ushort)) return TensorElementType.UInt16;
        if (typeof(T) == typeof(short)) return TensorElementType.Int16;
        if (typeof(T) == typeof(int)) return TensorElementType.Int32;
        if (typeof(T) == typeof(long)) return TensorElementType.Int64;
        if (typeof(T) == typeof(bool)) return TensorElementType.Bool;
        if (typeof(T) == typeof(Half)) return TensorElementType.Float16;
        if (typeof(T) == typeof(double)) return TensorElementType.Double;
        throw new NotSupportedException($"{typeof(T).Name} is not an ONNX tensor element type");
    }

    /// <summary>Bytes per element; 0 for strings and undefined.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 => 4,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 => 2,
        TensorElementType.Int64 or TensorElementType.Double => 8,
        _ => 0,
    };

    /// <summary>Lower-case name as model manifests spell it (float32, uint8, ...).</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.String => "string",
        TensorElementType.Bool => "bool",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        _ => "undefined",
    };
}
