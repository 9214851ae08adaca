using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;

namespace EdgeFace.Inference.Detectors;

/// <summary>EdgeFace's own keypoint-heatmap detector (decoder "kpnet").</summary>
public sealed class KpnetDetector : FaceDetectorBase
{
    private readonly KpnetDecoder _decoder;
    private readonly int _scale, _keypoints;

    public KpnetDetector(LoadedModel model) : base(model, model.Manifest.Kpnet!.MaxFaces)
    {
        _decoder = new KpnetDecoder(model.Manifest.Kpnet!, model.Manifest.Input.Width, model.Manifest.Input.Height);
        _scale = model.OutputIndex("scale");
        _keypoints = model.OutputIndex("keypoints");
    }

    protected override int Decode(Span<FaceDetection> faces) =>
        _decoder.Decode(Model.Run.Output<float>(_scale), Model.Run.Output<float>(_keypoints), faces);
}
