using EdgeFace.Inference.Manifest;
using EdgeFace.Onnx;

namespace EdgeFace.Inference;

/// <summary>
/// A model whose ONNX file has been checked against its manifest: the session plus a <see cref="BoundRun"/> with
/// the input and every output bound at the shapes the manifest implies.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    internal LoadedModel(ModelManifest manifest, InferenceSession session, BoundRun run)
    {
        Manifest = manifest; Session = session; Run = run;
        InputIndex = session.GetInputIndex(manifest.Input.Name);
    }

    public ModelManifest Manifest { get; }
    public InferenceSession Session { get; }
    public BoundRun Run { get; }
    public int InputIndex { get; }

    /// <summary>The execution provider that took the model ("cpu" after a fallback).</summary>
    public string ActiveProvider => Session.ActiveProvider;

    public int OutputIndex(string role) => Session.GetOutputIndex(Manifest.OutputName(role));

    public void Dispose()
    {
        Run.Dispose();
        Session.Dispose();
    }
}
