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

    /// <summary>
    /// Crops per face (1 to 3; iBUG-68 with a keypoints5 crop): each pass after the first crops again from the previous
    /// pass's own eye centres, nose tip and mouth corners. The detector's five keypoints are coarse (stride-4 maps); the
    /// landmark model's are finer, so the next crop is better centred, scaled and levelled. One model run per pass.
    /// </summary>
    public int Passes { get; set; } = 1;   // the daemon sets detection.landmark_passes

    public void Predict(in ImageView image, in FaceDetection face, Span<PointF> points)
    {
        if (points.Length < PointCount) throw new ArgumentException($"need room for {PointCount} points, got {points.Length}", nameof(points));
        long pre = 0, run = 0, decode = 0;
        var current = face;
        int passes = PointCount == 68 && _crop.Kind == "keypoints5" ? Math.Max(1, Passes) : 1;
        for (int pass = 0; pass < passes; pass++)
        {
            if (pass > 0) current.Keypoints = FiveFrom68(points);
            long t0 = Stopwatch.GetTimestamp();
            var crop = LandmarkCrop.For(current, _crop);
            TensorWriter.Warp(image, _model.Run.Input<float>(_model.InputIndex), _spec, crop.ToAffine(_spec.Width));
            long t1 = Stopwatch.GetTimestamp();
            _model.Run.Run();
            long t2 = Stopwatch.GetTimestamp();
            var xy = _model.Run.Output<float>(_output);
            for (int i = 0; i < PointCount; i++) points[i] = crop.ToFrame(xy[2 * i], xy[2 * i + 1]);
            long t3 = Stopwatch.GetTimestamp();
            LastCrop = crop;
            pre += t1 - t0; run += t2 - t1; decode += t3 - t2;
        }
        LastTimings = new InferenceTimings(pre, run, decode);
    }

    /// <summary>The detector's five keypoints from iBUG-68 points (the same derivation training uses).</summary>
    private static Keypoints5 FiveFrom68(ReadOnlySpan<PointF> p)
    {
        var k = new Keypoints5();
        k[0] = Mean(p.Slice(36, 6));
        k[1] = Mean(p.Slice(42, 6));
        k[2] = p[30];
        k[3] = p[48];
        k[4] = p[54];
        return k;
    }

    private static PointF Mean(ReadOnlySpan<PointF> points)
    {
        float x = 0, y = 0;
        foreach (var q in points) { x += q.X; y += q.Y; }
        return new PointF(x / points.Length, y / points.Length);
    }

    /// <summary>The execution provider running the model.</summary>
    public string ActiveProvider => _model.ActiveProvider;

    /// <summary>ORT's Run alone on the already bound tensors.</summary>
    internal void RunModelOnly() => _model.Run.Run();

    public void Dispose() => _model.Dispose();
}
