using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeFace.Onnx;

/// <summary>
/// One model input or output with its shape as <see cref="long"/> dimensions (what OrtValue takes); -1 marks a
/// dimension the model leaves free. ORT's <see cref="NodeMetadata"/> carries the same facts as int[] plus names.
/// </summary>
public sealed record TensorNode(string Name, TensorElementType ElementType, long[] Shape, bool IsTensor = true)
{
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

    public override string ToString() => $"{Name}: {ElementTypeNames.Of(ElementType)}{ShapeText}";

    public static TensorNode From(string name, NodeMetadata metadata) => new(name,
        metadata.IsTensor ? metadata.ElementDataType : default,
        Array.ConvertAll(metadata.Dimensions, d => d < 0 ? -1L : d), metadata.IsTensor);

    /// <summary>The session's inputs in the model's order.</summary>
    public static IReadOnlyList<TensorNode> Inputs(InferenceSession session) =>
        session.InputNames.Select(n => From(n, session.InputMetadata[n])).ToArray();

    /// <summary>The session's outputs in the model's order.</summary>
    public static IReadOnlyList<TensorNode> Outputs(InferenceSession session) =>
        session.OutputNames.Select(n => From(n, session.OutputMetadata[n])).ToArray();

    public static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i] < 0 ? "?" : shape[i].ToString();
        return "[" + string.Join(",", parts) + "]";
    }
}
