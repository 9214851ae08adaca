using EdgeFace.Core.Diagnostics;
using EdgeFace.Onnx.Native;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx;

/// <summary>
/// How a session runs: thread counts, graph optimisation and the execution providers in priority order.
/// Providers the library does not have, or whose registration fails, are skipped with one warning each and the
/// CPU provider carries the model; <see cref="ActiveProviders"/> records what was really registered.
/// </summary>
public sealed class SessionOptions : IDisposable
{
    private const string Component = "onnx";
    private readonly List<string> _active = new();

    public SessionOptions()
    {
        _ = OrtEnvironment.Instance; // loads the library with a clear error before any other call
        Handle = NativeSessionOptions.Create();
    }

    internal OrtSessionOptionsHandle Handle { get; }

    /// <summary>Threads inside one operator (0 = ORT's default, one per core).</summary>
    public int IntraOpThreads
    {
        get => _intra;
        set { ArgumentOutOfRangeException.ThrowIfNegative(value); NativeSessionOptions.SetIntraOpThreads(Handle, value); _intra = value; }
    }
    private int _intra;

    /// <summary>Threads across independent operators (0 = ORT's default).</summary>
    public int InterOpThreads
    {
        get => _inter;
        set { ArgumentOutOfRangeException.ThrowIfNegative(value); NativeSessionOptions.SetInterOpThreads(Handle, value); _inter = value; }
    }
    private int _inter;

    public GraphOptimizationLevel GraphOptimization
    {
        get => _level;
        set { NativeSessionOptions.SetGraphOptimization(Handle, (int)value); _level = value; }
    }
    private GraphOptimizationLevel _level = GraphOptimizationLevel.All;

    /// <summary>Session configuration entries set so far (key → value), as ORT's config-keys header names them.</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries => _config;
    private readonly Dictionary<string, string> _config = new(StringComparer.Ordinal);

    /// <summary>Sets one session configuration entry (onnxruntime_session_options_config_keys.h), e.g. <see cref="SessionConfigKeys.X64QuantPrecision"/>.</summary>
    public void AddSessionConfigEntry(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        NativeSessionOptions.AddConfigEntry(Handle, key, value);
        _config[key] = value;
    }

    /// <summary>Providers registered, in priority order, as configuration keys ("cuda", ...); always ends with "cpu".</summary>
    public IReadOnlyList<string> ActiveProviders => _active.Count > 0 && _active[^1] == ExecutionProviders.Cpu ? _active : [.. _active, ExecutionProviders.Cpu];

    /// <summary>The provider that gets the first choice of nodes ("cpu" when none other registered).</summary>
    public string ActiveProvider => _active.Count > 0 ? _active[0] : ExecutionProviders.Cpu;

    /// <summary>
    /// Registers providers from a configuration list such as ["cuda", "tensorrt", "xnnpack", "cpu"]. Each one the library
    /// lacks or cannot start is skipped with a single warning. Returns the provider that ended up first.
    /// </summary>
    public string AppendExecutionProviders(IEnumerable<string> providers)
    {
        foreach (string name in providers) TryAppendExecutionProvider(name, []);
        return ActiveProvider;
    }

    /// <summary>Registers one provider with provider-specific settings; false (and one warning) when it is skipped.</summary>
    public bool TryAppendExecutionProvider(string name, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        var entry = ExecutionProviders.Find(name);
        if (entry is null)
        {
            Log.Warn(Component, $"execution provider '{name}' is unknown (known: {string.Join(", ", ExecutionProviders.Names)}); skipped, using CPU");
            return false;
        }
        var e = entry.Value;
        if (e.Key == ExecutionProviders.Cpu)
        {
            if (!_active.Contains(e.Key)) _active.Add(e.Key); // ORT always adds CPU last; recording it keeps the order honest
            return true;
        }
        if (_active.Contains(ExecutionProviders.Cpu))
        {
            Log.Warn(Component, $"execution provider '{e.Key}' is listed after 'cpu'; skipped because CPU already takes every node");
            return false;
        }
        var available = OrtEnvironment.Instance.GetAvailableProviders();
        if (!available.Contains(e.OrtName))
        {
            Log.Warn(Component, $"execution provider '{e.Key}' is not in this ONNX Runtime build (has: {string.Join(", ", available)}); skipped, using CPU");
            return false;
        }
        try
        {
            switch (e.Key)
            {
                case "cuda": NativeSessionOptions.AppendCuda(Handle); break;
                case "tensorrt": NativeSessionOptions.AppendTensorRt(Handle); break;
                default: NativeSessionOptions.Append(Handle, e.AppendName!, settings); break;
            }
        }
        catch (OnnxRuntimeException ex)
        {
            // The x64 build lists CUDA and TensorRT, but they only work with their provider libraries installed.
            Log.Warn(Component, $"execution provider '{e.Key}' failed to start ({FirstLine(ex.OrtMessage)}); skipped, using CPU");
            return false;
        }
        _active.Add(e.Key);
        return true;
    }

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return (nl < 0 ? text : text[..nl]).Trim();
    }

    public void Dispose() => Handle.Dispose();
}
