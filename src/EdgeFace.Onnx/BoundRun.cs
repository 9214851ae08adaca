using EdgeFace.Onnx.Native;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx;

/// <summary>
/// Runs one session over buffers made once: every input and output is an <see cref="OrtValue"/> over a pinned array,
/// and the native name and value arrays are cached, so <see cref="Run"/> allocates nothing. Write inputs through
/// <see cref="Input{T}(int)"/>, call <see cref="Run"/>, read <see cref="Output{T}(int)"/>. Not thread-safe: one per worker.
/// </summary>
public sealed class BoundRun : IDisposable
{
    private readonly Array[] _inputBuffers, _outputBuffers;
    private readonly OrtValue[] _inputs, _outputs;
    private readonly NativeRunArgs _args;

    internal BoundRun(InferenceSession session, IReadOnlyDictionary<string, long[]>? shapes)
    {
        Session = session;
        Inputs = session.InputMetadata.Select(n => Resolve(session, n, shapes, "input")).ToArray();
        Outputs = session.OutputMetadata.Select(n => Resolve(session, n, shapes, "output")).ToArray();
        _inputBuffers = Inputs.Select(Allocate).ToArray();
        _outputBuffers = Outputs.Select(Allocate).ToArray();
        var made = new List<OrtValue>();
        try
        {
            _inputs = Inputs.Select((n, i) => Track(made, Wrap(_inputBuffers[i], n))).ToArray();
            _outputs = Outputs.Select((n, i) => Track(made, Wrap(_outputBuffers[i], n))).ToArray();
            _args = new NativeRunArgs(session.Handle, Inputs.Select(n => n.Name).ToArray(), _inputs.Select(v => v.Handle).ToArray(),
                Outputs.Select(n => n.Name).ToArray(), _outputs.Select(v => (OrtValueHandle?)v.Handle).ToArray());
        }
        catch
        {
            foreach (var v in made) v.Dispose();
            throw;
        }
    }

    public InferenceSession Session { get; }

    /// <summary>Inputs with the concrete shapes of the bound buffers (free dimensions filled in).</summary>
    public IReadOnlyList<NodeMetadata> Inputs { get; }

    /// <summary>Outputs with the concrete shapes of the bound buffers.</summary>
    public IReadOnlyList<NodeMetadata> Outputs { get; }

    public Span<T> Input<T>(int index) where T : unmanaged => Buffer<T>(_inputBuffers, Inputs, index);

    public Span<T> Input<T>(string name) where T : unmanaged => Input<T>(Session.GetInputIndex(name));

    public ReadOnlySpan<T> Output<T>(int index) where T : unmanaged => Buffer<T>(_outputBuffers, Outputs, index);

    public ReadOnlySpan<T> Output<T>(string name) where T : unmanaged => Output<T>(Session.GetOutputIndex(name));

    /// <summary>Runs the model: reads the input buffers, overwrites the output buffers. No managed allocation.</summary>
    public void Run() => _args.Invoke();

    /// <summary>A spare buffer for input <paramref name="index"/>, to be filled elsewhere and run with <see cref="Run(InputBuffer)"/>.</summary>
    public InputBuffer CreateInputBuffer(int index)
    {
        var node = Inputs[index];
        var buffer = Allocate(node);
        return new InputBuffer(this, index, buffer, Wrap(buffer, node));
    }

    /// <summary>Runs the model with <paramref name="input"/> in place of its own buffer for that input. No managed allocation.</summary>
    public void Run(InputBuffer input)
    {
        if (!ReferenceEquals(input.Owner, this)) throw new ArgumentException("the input buffer belongs to another run", nameof(input));
        _args.Invoke(input.Index, input.Value.Handle);
    }

    private static Span<T> Buffer<T>(Array[] buffers, IReadOnlyList<NodeMetadata> nodes, int index) where T : unmanaged
    {
        if (buffers[index] is T[] typed) return typed;
        throw new InvalidOperationException($"'{nodes[index].Name}' holds {TensorElementTypeInfo.Name(nodes[index].ElementType)}, not {typeof(T).Name}");
    }

    private static NodeMetadata Resolve(InferenceSession session, NodeMetadata node, IReadOnlyDictionary<string, long[]>? shapes, string role)
    {
        if (!node.IsTensor) throw new NotSupportedException($"{role} '{node.Name}' of {session.Source} is not a tensor");
        if (shapes is not null && shapes.TryGetValue(node.Name, out var shape))
        {
            session.CheckShape(node, shape, role);
            if (Array.Exists(shape, d => d < 0)) throw new ArgumentException($"shape given for {role} '{node.Name}' still has a free dimension");
            return node with { Shape = shape.ToArray() };
        }
        if (!node.HasFixedShape)
            throw new ArgumentException($"{role} '{node.Name}' of {session.Source} has free dimensions {node.ShapeText}: give its shape to CreateBoundRun");
        return node;
    }

    private static Array Allocate(NodeMetadata node)
    {
        int n = checked((int)node.ElementCount);
        // Pinned-heap arrays never move, so ORT may keep their addresses for the life of the binding.
        return node.ElementType switch
        {
            TensorElementType.Float => GC.AllocateArray<float>(n, pinned: true),
            TensorElementType.UInt8 => GC.AllocateArray<byte>(n, pinned: true),
            TensorElementType.Int8 => GC.AllocateArray<sbyte>(n, pinned: true),
            TensorElementType.Int32 => GC.AllocateArray<int>(n, pinned: true),
            TensorElementType.Int64 => GC.AllocateArray<long>(n, pinned: true),
            TensorElementType.Bool => GC.AllocateArray<bool>(n, pinned: true),
            _ => throw new NotSupportedException($"'{node.Name}' has element type {TensorElementTypeInfo.Name(node.ElementType)}, which BoundRun does not bind"),
        };
    }

    private static OrtValue Wrap(Array buffer, NodeMetadata node) => buffer switch
    {
        float[] a => OrtValue.CreateTensor<float>(a, node.Shape),
        byte[] a => OrtValue.CreateTensor<byte>(a, node.Shape),
        sbyte[] a => OrtValue.CreateTensor<sbyte>(a, node.Shape),
        int[] a => OrtValue.CreateTensor<int>(a, node.Shape),
        long[] a => OrtValue.CreateTensor<long>(a, node.Shape),
        bool[] a => OrtValue.CreateTensor<bool>(a, node.Shape),
        _ => throw new NotSupportedException(),
    };

    private static OrtValue Track(List<OrtValue> made, OrtValue value) { made.Add(value); return value; }

    public void Dispose()
    {
        _args.Dispose();
        foreach (var v in _inputs) v.Dispose();
        foreach (var v in _outputs) v.Dispose();
    }
}
