using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;

namespace EdgeFace.Inference.Detectors;

/// <summary>A YuNet-family detector the user brings (decoder "yunet").</summary>
public sealed class YunetDetector : FaceDetectorBase
{
    private readonly YunetDecoder _decoder;
    private readonly int[] _strides;
    private readonly int[] _outputs; // per stride: cls, obj, bbox, kps

    public YunetDetector(LoadedModel model) : base(model, model.Manifest.Yunet!.MaxFaces)
    {
        var p = model.Manifest.Yunet!;
        _decoder = new YunetDecoder(p, model.Manifest.Input.Width, model.Manifest.Input.Height);
        _strides = p.Strides;
        _outputs = p.Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" }).Select(model.OutputIndex).ToArray();
    }

    protected override int Decode(Span<FaceDetection> faces)
    {
        var run = Model.Run;
        _decoder.Begin();
        for (int i = 0; i < _strides.Length; i++)
            _decoder.Add(_strides[i], run.Output<float>(_outputs[4 * i]), run.Output<float>(_outputs[4 * i + 1]),
                run.Output<float>(_outputs[4 * i + 2]), run.Output<float>(_outputs[4 * i + 3]));
        return _decoder.Finish(faces);
    }
}
