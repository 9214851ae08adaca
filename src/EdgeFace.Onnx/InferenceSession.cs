using EdgeFace.Onnx.Native;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx;

/// <summary>A loaded model, ready to run. Thread-safe for concurrent Run calls (ORT's guarantee); its bound runs are not.</summary>
public sealed class InferenceSession : IDisposable
{
    private readonly Dictionary<string, int> _inputIndex, _outputIndex;

    private InferenceSession(OrtSessionHandle handle, string source, SessionOptions? options)
    {
        Handle = handle;
        Source = source;
        ActiveProvider = options?.ActiveProvider ?? ExecutionProviders.Cpu;
        InputMetadata = NativeSession.Inputs(handle);
        OutputMetadata = NativeSession.Outputs(handle);
        _inputIndex = Index(InputMetadata);
        _outputIndex = Index(OutputMetadata);
    }

    internal OrtSessionHandle Handle { get; }

    /// <summary>The model file path, or "(bytes)" for a model loaded from memory.</summary>
    public string Source { get; }

    /// <summary>The execution provider the options registered first ("cpu" when none other).</summary>
    public string ActiveProvider { get; }

    public IReadOnlyList<NodeMetadata> InputMetadata { get; }
    public IReadOnlyList<NodeMetadata> OutputMetadata { get; }
    public IEnumerable<string> InputNames => InputMetadata.Select(n => n.Name);
    public IEnumerable<string> OutputNames => OutputMetadata.Select(n => n.Name);

    /// <summary>Loads an ONNX file. A missing, unreadable or corrupt file throws <see cref="OnnxRuntimeException"/> with ORT's message.</summary>
    public static InferenceSession FromFile(string path, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Create(path, options, (env, o) => NativeSession.CreateFromFile(env, path, o));
    }

    /// <summary>Loads a model from its serialized bytes.</summary>
    public static InferenceSession FromBytes(ReadOnlySpan<byte> model, SessionOptions? options = null)
    {
        var copy = model.ToArray(); // the lambda cannot capture a span
        return Create("(bytes)", options, (env, o) => NativeSession.CreateFromBytes(env, copy, o));
    }

    private static InferenceSession Create(string source, SessionOptions? options, Func<OrtEnvHandle, OrtSessionOptionsHandle, OrtSessionHandle> create)
    {
        var env = OrtEnvironment.Instance;
        SessionOptions? own = options is null ? new SessionOptions() : null;
        try
        {
            var handle = create(env.Handle, (options ?? own!).Handle);
            try { return new InferenceSession(handle, source, options); }
            catch { handle.Dispose(); throw; }
        }
        catch (OnnxRuntimeException ex) when (source != "(bytes)" && !ex.OrtMessage.Contains(source))
        {
            throw new OnnxRuntimeException(ex.ErrorCode, $"{source}: {ex.OrtMessage}", ex);
        }
        finally
        {
            own?.Dispose();
        }
    }

    public int GetInputIndex(string name) => _inputIndex.TryGetValue(name, out int i) ? i
        : throw new ArgumentException($"model {Source} has no input '{name}' (inputs: {string.Join(", ", InputNames)})", nameof(name));

    public int GetOutputIndex(string name) => _outputIndex.TryGetValue(name, out int i) ? i
        : throw new ArgumentException($"model {Source} has no output '{name}' (outputs: {string.Join(", ", OutputNames)})", nameof(name));

    /// <summary>
    /// Runs once with caller-made values. <paramref name="outputs"/> entries are preallocated tensors ORT writes into.
    /// Allocates a little per call: for a per-frame loop use <see cref="CreateBoundRun"/>.
    /// </summary>
    public void Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames, IReadOnlyList<OrtValue> outputs)
    {
        CheckInputs(inputNames, inputs);
        if (outputNames.Count != outputs.Count) throw new ArgumentException("one output value per output name is needed");
        for (int i = 0; i < outputs.Count; i++) CheckTensor(OutputMetadata[GetOutputIndex(outputNames[i])], outputs[i], "output");
        using var args = new NativeRunArgs(Handle, inputNames, inputs.Select(v => v.Handle).ToArray(), outputNames, outputs.Select(v => (OrtValueHandle?)v.Handle).ToArray());
        args.Invoke();
    }

    /// <summary>Runs once and returns the requested outputs in memory ORT allocated (dispose them).</summary>
    public OrtValue[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        CheckInputs(inputNames, inputs);
        foreach (string name in outputNames) GetOutputIndex(name);
        using var args = new NativeRunArgs(Handle, inputNames, inputs.Select(v => v.Handle).ToArray(), outputNames, new OrtValueHandle?[outputNames.Count]);
        args.Invoke();
        var results = new OrtValue[outputNames.Count];
        for (int i = 0; i < results.Length; i++) results[i] = OrtValue.FromOrt(args.TakeAllocatedOutput(i));
        return results;
    }

    /// <summary>
    /// Makes the allocation-free runner: pinned buffers for every input and output, shaped as the model declares.
    /// Free dimensions must be given in <paramref name="shapes"/> (by node name).
    /// </summary>
    public BoundRun CreateBoundRun(IReadOnlyDictionary<string, long[]>? shapes = null) => new(this, shapes);

    private void CheckInputs(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values)
    {
        if (names.Count != values.Count) throw new ArgumentException("one input value per input name is needed");
        for (int i = 0; i < names.Count; i++) CheckTensor(InputMetadata[GetInputIndex(names[i])], values[i], "input");
    }

    internal void CheckTensor(NodeMetadata node, OrtValue value, string role)
    {
        if (value.ElementType != node.ElementType)
            throw new ArgumentException($"{role} '{node.Name}' of {Source} is {TensorElementTypeInfo.Name(node.ElementType)}; got a {TensorElementTypeInfo.Name(value.ElementType)} tensor");
        CheckShape(node, value.Shape, role);
    }

    internal void CheckShape(NodeMetadata node, ReadOnlySpan<long> shape, string role)
    {
        bool ok = shape.Length == node.Rank;
        for (int d = 0; ok && d < shape.Length; d++) ok = node.Shape[d] < 0 || node.Shape[d] == shape[d];
        if (!ok)
            throw new ArgumentException($"{role} '{node.Name}' of {Source} has shape {node.ShapeText}; got {NodeMetadata.FormatShape(shape)}");
    }

    private static Dictionary<string, int> Index(IReadOnlyList<NodeMetadata> nodes)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++) map[nodes[i].Name] = i;
        return map;
    }

    public void Dispose() => Handle.Dispose();
}
