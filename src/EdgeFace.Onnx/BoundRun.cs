using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeFace.Onnx;

/// <summary>
/// Runs one ORT session over buffers made once: every input and output is an <see cref="OrtValue"/> over a pinned
/// array, bound once to an <see cref="OrtIoBinding"/>, and <see cref="Run()"/> is
/// <see cref="InferenceSession.RunWithBinding(RunOptions, OrtIoBinding)"/>: no names are marshalled and nothing is
/// allocated per run (the name-array <c>Run</c> costs ~250 B per call). Write inputs through
/// <see cref="Input{T}(int)"/>, call <see cref="Run()"/>, read <see cref="Output{T}(int)"/>. Not thread-safe: one per worker.
/// </summary>
public sealed class BoundRun : IDisposable
{
    private readonly RunOptions _runOptions = new();
    private readonly Array[] _inputBuffers, _outputBuffers;
    private readonly OrtValue[] _inputs, _outputs;
    private readonly OrtIoBinding _binding;
    private readonly Dictionary<string, int> _inputIndex, _outputIndex;

    public BoundRun(InferenceSession session, IReadOnlyDictionary<string, long[]>? shapes = null)
    {
        Session = session;
        Inputs = TensorNode.Inputs(session).Select(n => Resolve(n, shapes, "input")).ToArray();
        Outputs = TensorNode.Outputs(session).Select(n => Resolve(n, shapes, "output")).ToArray();
        _inputIndex = Index(Inputs);
        _outputIndex = Index(Outputs);
        _inputBuffers = Inputs.Select(Allocate).ToArray();
        _outputBuffers = Outputs.Select(Allocate).ToArray();
        var made = new List<IDisposable>();
        try
        {
            _inputs = Inputs.Select((n, i) => Track(made, Wrap(_inputBuffers[i], n))).ToArray();
            _outputs = Outputs.Select((n, i) => Track(made, Wrap(_outputBuffers[i], n))).ToArray();
            _binding = Track(made, Bind(_inputs));
        }
        catch
        {
            foreach (var d in made) d.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    public InferenceSession Session { get; }

    /// <summary>Inputs with the concrete shapes of the bound buffers (free dimensions filled in).</summary>
    public IReadOnlyList<TensorNode> Inputs { get; }

    /// <summary>Outputs with the concrete shapes of the bound buffers.</summary>
    public IReadOnlyList<TensorNode> Outputs { get; }

    public int GetInputIndex(string name) => _inputIndex.TryGetValue(name, out int i) ? i
        : throw new ArgumentException($"the model has no input '{name}' (inputs: {string.Join(", ", Inputs.Select(n => n.Name))})", nameof(name));

    public int GetOutputIndex(string name) => _outputIndex.TryGetValue(name, out int i) ? i
        : throw new ArgumentException($"the model has no output '{name}' (outputs: {string.Join(", ", Outputs.Select(n => n.Name))})", nameof(name));

    public Span<T> Input<T>(int index) where T : unmanaged => Buffer<T>(_inputBuffers, Inputs, index);

    public Span<T> Input<T>(string name) where T : unmanaged => Input<T>(GetInputIndex(name));

    public ReadOnlySpan<T> Output<T>(int index) where T : unmanaged => Buffer<T>(_outputBuffers, Outputs, index);

    public ReadOnlySpan<T> Output<T>(string name) where T : unmanaged => Output<T>(GetOutputIndex(name));

    /// <summary>Runs the model: reads the input buffers, overwrites the output buffers. No managed allocation.</summary>
    public void Run() => Session.RunWithBinding(_runOptions, _binding);

    /// <summary>
    /// A spare buffer for input <paramref name="index"/>, to be filled elsewhere (the decode stage, one frame ahead)
    /// and run with <see cref="Run(InputBuffer)"/>. It carries its own binding: this run's other inputs and outputs
    /// with the spare in place of input <paramref name="index"/>, so switching buffers costs no rebinding.
    /// </summary>
    public InputBuffer CreateInputBuffer(int index)
    {
        var node = Inputs[index];
        var buffer = Allocate(node);
        var value = Wrap(buffer, node);
        try
        {
            var inputs = (OrtValue[])_inputs.Clone();
            inputs[index] = value;
            return new InputBuffer(this, index, buffer, value, Bind(inputs));
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model with <paramref name="input"/> in place of its own buffer for that input. No managed allocation.</summary>
    public void Run(InputBuffer input)
    {
        if (!ReferenceEquals(input.Owner, this)) throw new ArgumentException("the input buffer belongs to another run", nameof(input));
        Session.RunWithBinding(_runOptions, input.Binding);
    }

    private OrtIoBinding Bind(OrtValue[] inputs)
    {
        var binding = Session.CreateIoBinding();
        try
        {
            for (int i = 0; i < inputs.Length; i++) binding.BindInput(Inputs[i].Name, inputs[i]);
            for (int i = 0; i < _outputs.Length; i++) binding.BindOutput(Outputs[i].Name, _outputs[i]);
            return binding;
        }
        catch
        {
            binding.Dispose();
            throw;
        }
    }

    private static Span<T> Buffer<T>(Array[] buffers, IReadOnlyList<TensorNode> nodes, int index) where T : unmanaged
    {
        if (buffers[index] is T[] typed) return typed;
        throw new InvalidOperationException($"'{nodes[index].Name}' holds {ElementTypeNames.Of(nodes[index].ElementType)}, not {typeof(T).Name}");
    }

    private static TensorNode Resolve(TensorNode node, IReadOnlyDictionary<string, long[]>? shapes, string role)
    {
        if (!node.IsTensor) throw new NotSupportedException($"{role} '{node.Name}' is not a tensor");
        if (shapes is not null && shapes.TryGetValue(node.Name, out var shape))
        {
            CheckShape(node, shape, role);
            if (Array.Exists(shape, d => d < 0)) throw new ArgumentException($"shape given for {role} '{node.Name}' still has a free dimension");
            return node with { Shape = shape.ToArray() };
        }
        if (!node.HasFixedShape)
            throw new ArgumentException($"{role} '{node.Name}' has free dimensions {node.ShapeText}: give its shape to BoundRun");
        return node;
    }

    /// <summary>Throws unless <paramref name="shape"/> fits <paramref name="node"/> (same rank, equal where the model fixes a dimension).</summary>
    public static void CheckShape(TensorNode node, ReadOnlySpan<long> shape, string role)
    {
        bool ok = shape.Length == node.Rank;
        for (int d = 0; ok && d < shape.Length; d++) ok = node.Shape[d] < 0 || node.Shape[d] == shape[d];
        if (!ok) throw new ArgumentException($"{role} '{node.Name}' has shape {node.ShapeText}; got {TensorNode.FormatShape(shape)}");
    }

    private static Array Allocate(TensorNode node)
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
            _ => throw new NotSupportedException($"'{node.Name}' has element type {ElementTypeNames.Of(node.ElementType)}, which BoundRun does not bind"),
        };
    }

    private static OrtValue Wrap(Array buffer, TensorNode node) => buffer switch
    {
        float[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        byte[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        sbyte[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        int[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        long[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        bool[] a => OrtValue.CreateTensorValueFromMemory(a, node.Shape),
        _ => throw new NotSupportedException(),
    };

    private static Dictionary<string, int> Index(IReadOnlyList<TensorNode> nodes)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++) map[nodes[i].Name] = i;
        return map;
    }

    private static T Track<T>(List<IDisposable> made, T value) where T : IDisposable { made.Add(value); return value; }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var v in _inputs) v.Dispose();
        foreach (var v in _outputs) v.Dispose();
        _runOptions.Dispose();
    }
}
