using EdgeFace.Configuration;
using EdgeFace.Pipeline;

namespace EdgeFace.Composition;

/// <summary>Builds the model stage for a configuration (the real ONNX models, or a fake in unit tests).</summary>
public interface IModelFactory
{
    /// <summary>Loads the configured detector and landmark model; throws <see cref="Inference.ModelLoadException"/> with the reason.</summary>
    FrameProcessor Load(EdgeFaceConfig config);
}
