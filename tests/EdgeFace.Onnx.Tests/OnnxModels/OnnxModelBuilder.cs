using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeFace.Onnx.Tests.OnnxModels;

/// <summary>
/// Builds small ONNX models (ModelProto, opset 13) from nodes, initializers and typed inputs/outputs, so tests can
/// check ORT's results against values computed by hand. Field numbers follow onnx.proto.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly List<Action<ProtoWriter>> _nodes = new(), _initializers = new(), _inputs = new(), _outputs = new();
    private readonly string _graphName;

    public OnnxModelBuilder(string graphName = "test") => _graphName = graphName;

    /// <summary>A graph input; a negative dimension becomes a named free dimension.</summary>
    public OnnxModelBuilder Input(string name, TensorElementType type, params long[] shape)
    {
        _inputs.Add(w => ValueInfo(w, name, type, shape));
        return this;
    }

    public OnnxModelBuilder Output(string name, TensorElementType type, params long[] shape)
    {
        _outputs.Add(w => ValueInfo(w, name, type, shape));
        return this;
    }

    public OnnxModelBuilder Initializer(string name, float[] data, params long[] dims)
    {
        _initializers.Add(w => FloatTensor(w, name, data, dims));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        _nodes.Add(w =>
        {
            foreach (var i in inputs) w.Text(1, i);        // NodeProto.input
            foreach (var o in outputs) w.Text(2, o);       // NodeProto.output
            w.Text(3, $"{opType}_{outputs[0]}");          // NodeProto.name
            w.Text(4, opType);                             // NodeProto.op_type
            foreach (var a in attributes) w.Message(5, a.Write); // NodeProto.attribute
        });
        return this;
    }

    public byte[] Build()
    {
        var model = new ProtoWriter();
        model.Varint(1, 7);                                      // ModelProto.ir_version (IR 7 goes with opset 13)
        model.Text(2, "edgeface-tests");                   // producer_name
        model.Message(7, g =>                                 // graph
        {
            foreach (var n in _nodes) g.Message(1, n);        // GraphProto.node
            g.Text(2, _graphName);                          // GraphProto.name
            foreach (var t in _initializers) g.Message(5, t); // GraphProto.initializer
            foreach (var i in _inputs) g.Message(11, i);      // GraphProto.input
            foreach (var o in _outputs) g.Message(12, o);     // GraphProto.output
        });
        model.Message(8, o => o.Text(1, "").Varint(2, 13));   // opset_import: default domain, version 13
        return model.ToArray();
    }

    public string Save(string path)
    {
        File.WriteAllBytes(path, Build());
        return path;
    }

    private static void ValueInfo(ProtoWriter w, string name, TensorElementType type, long[] shape)
    {
        w.Text(1, name);                                    // ValueInfoProto.name
        w.Message(2, t => t.Message(1, tensor =>              // TypeProto.tensor_type
        {
            tensor.Varint(1, (int)type);                         // elem_type
            tensor.Message(2, s =>                            // shape
            {
                for (int d = 0; d < shape.Length; d++)
                    s.Message(1, dim =>                       // TensorShapeProto.dim
                    {
                        if (shape[d] >= 0) dim.Varint(1, shape[d]);   // dim_value
                        else dim.Text(2, $"d{d}");               // dim_param
                    });
            });
        }));
    }

    internal static void FloatTensor(ProtoWriter w, string name, float[] data, long[] dims)
    {
        w.PackedInts(1, dims);                                // TensorProto.dims
        w.Varint(2, (int)TensorElementType.Float);               // data_type
        w.PackedFloats(4, data);                              // float_data
        w.Text(8, name);                                    // name
    }
}

/// <summary>A node attribute (AttributeProto) of one of the kinds the tests use.</summary>
public sealed class AttributeProto
{
    private readonly Action<ProtoWriter> _write;
    private AttributeProto(Action<ProtoWriter> write) => _write = write;

    internal void Write(ProtoWriter w) => _write(w);

    // AttributeProto: name=1, f=2, i=3, t=5, floats=7, ints=8, type=20 (FLOAT=1, INT=2, TENSOR=4, FLOATS=6, INTS=7)
    public static AttributeProto IntValue(string name, long value) => new(w => w.Text(1, name).Varint(3, value).Varint(20, 2));
    public static AttributeProto FloatValue(string name, float value) => new(w => w.Text(1, name).Fixed32(2, value).Varint(20, 1));
    public static AttributeProto IntList(string name, params long[] values) => new(w => w.Text(1, name).PackedInts(8, values).Varint(20, 7));
    public static AttributeProto TensorValue(string name, float[] data, params long[] dims) =>
        new(w => w.Text(1, name).Message(5, t => OnnxModelBuilder.FloatTensor(t, "value", data, dims)).Varint(20, 4));
}
