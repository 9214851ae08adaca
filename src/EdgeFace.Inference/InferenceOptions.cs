namespace EdgeFace.Inference;

/// <summary>How models run: ORT threads, execution providers in priority order, graph optimisation.</summary>
public sealed class InferenceOptions
{
    /// <summary>Threads inside one operator; 0 lets ORT use one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across operators; 0 is ORT's default.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Execution providers by configuration key ("cuda", "tensorrt", "xnnpack", "cpu"); absent ones fall back to CPU.</summary>
    public IReadOnlyList<string> Providers { get; init; } = ["cpu"];

    /// <summary>"disable", "basic", "extended", "layout" or "all".</summary>
    public string GraphOptimization { get; init; } = "all";

    /// <summary>
    /// On x86-64, run int8 models on ORT's exact U8U8 kernels instead of the U8S8 ones that overflow without VNNI
    /// (<see cref="X64QuantPrecision"/>). On by default; turning it off trades correctness for ~15 % speed.
    /// </summary>
    public bool X64QuantPrecision { get; init; } = true;

    public static InferenceOptions Default { get; } = new();
}
