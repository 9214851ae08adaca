using EdgeFace.Configuration;
using EdgeFace.Pipeline;

namespace EdgeFace.Composition;

/// <summary>The configured models through ONNX Runtime (manifests inside the models folder).</summary>
public sealed class OnnxModelFactory : IModelFactory
{
    public FrameProcessor Load(EdgeFaceConfig config) => ModelSet.Load(config);
}
