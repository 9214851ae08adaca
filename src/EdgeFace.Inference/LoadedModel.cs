using EdgeFace.Inference.Manifest;
using EdgeFace.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Inference;

/// <summary>
/// A model whose ONNX file has been checked against its manifest: the session plus a <see cref="BoundRun"/> with
/// the input and every output bound at the shapes the manifest implies.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    internal LoadedModel(ModelManifest manifest, InferenceSession session, BoundRun run, IReadOnlyList<string> providers)
    {
        Manifest = manifest; Session = session; Run = run; Providers = providers;
        InputIndex = run.GetInputIndex(manifest.Input.Name);
    }

    public ModelManifest Manifest { get; }
    public InferenceSession Session { get; }
    public BoundRun Run { get; }
    public int InputIndex { get; }

    /// <summary>The execution providers registered for the session, in priority order; always ends with "cpu".</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>The execution provider that gets the first choice of nodes ("cpu" after a fallback).</summary>
    public string ActiveProvider => Providers[0];

    public int OutputIndex(string role) => Run.GetOutputIndex(Manifest.OutputName(role));

    public void Dispose()
    {
        Run.Dispose();
        Session.Dispose();
    }
}
