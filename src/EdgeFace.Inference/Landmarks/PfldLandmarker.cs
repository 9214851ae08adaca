using System.Diagnostics;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Inference.Decoding;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Landmarks;

/// <summary>PFLD-style landmark regression (decoder "pfld"): crop, run, map the normalised points back.</summary>
public sealed class PfldLandmarker : ILandmarker
{
    private readonly LoadedModel _model;
    private readonly TensorSpec _spec;
    private readonly CropParameters _crop;
    private readonly int _output;

    public PfldLandmarker(LoadedModel model)
    {
        if (model.Manifest.Input.ElementType != "float32")
            throw new ModelLoadException(model.Manifest.ModelPath, "landmark models need a float32 input (crops are written as float)");
        _model = model;
        _spec = InputTensors.Spec(model.Manifest.Input);
        _crop = model.Manifest.Landmarks!.Crop;
        _output = model.OutputIndex("landmarks");
        PointCount = model.Manifest.Landmarks!.Points;
    }

    public ModelManifest Manifest => _model.Manifest;

    public int PointCount { get; }

    public InferenceTimings LastTimings { get; private set; }

    /// <summary>The crop used by the last <see cref="Predict"/> (for overlays and debugging).</summary>
    public LandmarkCrop LastCrop { get; private set; }

    public void Predict(in ImageView image, in FaceDetection face, Span<PointF> points)
    {
        if (points.Length < PointCount) throw new ArgumentException($"need room for {PointCount} points, got {points.Length}", nameof(points));
        long t0 = Stopwatch.GetTimestamp();
        var crop = LandmarkCrop.For(face, _crop);
        TensorWriter.Warp(image, _model.Run.Input<float>(_model.InputIndex), _spec, crop.ToAffine(_spec.Width));
        long t1 = Stopwatch.GetTimestamp();
        _model.Run.Run();
        long t2 = Stopwatch.GetTimestamp();
        var xy = _model.Run.Output<float>(_output);
        for (int i = 0; i < PointCount; i++) points[i] = crop.ToFrame(xy[2 * i], xy[2 * i + 1]);
        long t3 = Stopwatch.GetTimestamp();
        LastCrop = crop;
        LastTimings = new InferenceTimings(t1 - t0, t2 - t1, t3 - t2);
    }

    /// <summary>The execution provider running the model.</summary>
    public string ActiveProvider => _model.ActiveProvider;

    /// <summary>ORT's Run alone on the already bound tensors.</summary>
    internal void RunModelOnly() => _model.Run.Run();

    public void Dispose() => _model.Dispose();
}
