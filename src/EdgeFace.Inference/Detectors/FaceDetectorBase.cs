using System.Diagnostics;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Inference.Decoding;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Detectors;

/// <summary>
/// The detector pipeline every decoder shares: resize the frame into the bound input, run ORT, let the decoder write
/// faces in tensor pixels, map them back to the frame. Times each stage.
/// </summary>
public abstract class FaceDetectorBase : IFaceDetector
{
    private readonly TensorSpec _spec;
    private readonly bool _uint8, _letterbox;
    private readonly FaceDetection[] _decoded;
    private readonly PreparedInputPool _prepared;

    protected FaceDetectorBase(LoadedModel model, int maxFaces)
    {
        Model = model;
        _spec = InputTensors.Spec(model.Manifest.Input);
        _uint8 = model.Manifest.Input.ElementType == "uint8";
        _letterbox = model.Manifest.Input.Resize == "letterbox";
        _decoded = new FaceDetection[maxFaces];
        _prepared = new PreparedInputPool(this, model.Run, model.InputIndex);
    }

    protected LoadedModel Model { get; }

    public ModelManifest Manifest => Model.Manifest;

    public InferenceTimings LastTimings { get; private set; }

    /// <summary>The execution provider running the model.</summary>
    public string ActiveProvider => Model.ActiveProvider;

    public int Detect(in ImageView image, Span<FaceDetection> faces)
    {
        long t0 = Stopwatch.GetTimestamp();
        var map = InputTensors.Resize(image, Model.Run, Model.InputIndex, _spec, _uint8, _letterbox);
        long t1 = Stopwatch.GetTimestamp();
        Model.Run.Run();
        return Finish(map, faces, t0, t1);
    }

    public PreparedInput? Prepare(in ImageView image)
    {
        var input = _prepared.Rent();
        if (input is null) return null;
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            input.Map = InputTensors.Resize(image, input.Buffer, _spec, _uint8, _letterbox);
        }
        catch
        {
            input.Release();
            throw;
        }
        input.FrameWidth = image.Width;
        input.FrameHeight = image.Height;
        input.PrepareTicks = Stopwatch.GetTimestamp() - t0;
        return input;
    }

    public int Detect(PreparedInput input, Span<FaceDetection> faces)
    {
        if (!input.IsFrom(this)) throw new ArgumentException("the input was prepared by another detector", nameof(input));
        long t0 = Stopwatch.GetTimestamp();
        Model.Run.Run(input.Buffer);
        return Finish(input.Map, faces, t0, t0);
    }

    /// <summary>Decodes the outputs of the run that started at <paramref name="t1"/> and maps the faces to the frame.</summary>
    private int Finish(in LetterboxMap map, Span<FaceDetection> faces, long t0, long t1)
    {
        long t2 = Stopwatch.GetTimestamp();
        int n = Math.Min(Decode(_decoded), faces.Length);
        for (int i = 0; i < n; i++) faces[i] = ToFrame(_decoded[i], map);
        long t3 = Stopwatch.GetTimestamp();
        LastTimings = new InferenceTimings(t1 - t0, t2 - t1, t3 - t2);
        return n;
    }

    /// <summary>Decodes the bound outputs into faces in tensor pixels, best first; returns the count.</summary>
    protected abstract int Decode(Span<FaceDetection> faces);

    /// <summary>
    /// Tensor pixels → frame pixels. Boxes are not clipped (a face cut by the frame edge keeps its true centre), and
    /// <see cref="FaceDetection.Size"/> is converted to frame pixels too.
    /// </summary>
    public static FaceDetection ToFrame(in FaceDetection face, in LetterboxMap map)
    {
        var result = face;
        result.Box = new RectangleF(face.Box.X / map.ScaleX, face.Box.Y / map.ScaleY, face.Box.Width / map.ScaleX, face.Box.Height / map.ScaleY);
        for (int k = 0; k < Keypoints5.Count; k++) result.Keypoints[k] = map.ToFrame(face.Keypoints[k].X, face.Keypoints[k].Y);
        result.Size = face.Size / MathF.Sqrt(map.ScaleX * map.ScaleY);
        return result;
    }

    /// <summary>ORT's Run alone on the already bound tensors (benchmarks compare it with the whole pipeline).</summary>
    internal void RunModelOnly() => Model.Run.Run();

    public void Dispose()
    {
        _prepared.Dispose();
        Model.Dispose();
        GC.SuppressFinalize(this);
    }
}
