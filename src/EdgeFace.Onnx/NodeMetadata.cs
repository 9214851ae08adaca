namespace EdgeFace.Onnx;

/// <summary>
/// One model input or output as the model declares it. <see cref="Shape"/> holds -1 for a dimension the model leaves
/// free (symbolic or unknown).
/// </summary>
public sealed record NodeMetadata(string Name, TensorElementType ElementType, long[] Shape)
{
    public bool IsTensor => ElementType != TensorElementType.Undefined;
    public int Rank => Shape.Length;
    public bool HasFixedShape => IsTensor && Array.TrueForAll(Shape, d => d >= 0);

    /// <summary>Element count of a fixed shape; -1 when a dimension is free.</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) { if (d < 0) return -1; n *= d; }
            return n;
        }
    }

    public string ShapeText => FormatShape(Shape);

    public override string ToString() => $"{Name}: {TensorElementTypeInfo.Name(ElementType)}{ShapeText}";

    public static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i] < 0 ? "?" : shape[i].ToString();
        return "[" + string.Join(",", parts) + "]";
    }
}
