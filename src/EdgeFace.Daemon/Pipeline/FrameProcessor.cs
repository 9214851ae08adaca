using System.Diagnostics;
using System.Drawing;
using EdgeFace.Configuration;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference;
using EdgeFace.Inference.Detectors;

namespace EdgeFace.Pipeline;

/// <summary>
/// Runs the models on one frame: decode (JPEG) → detector → filters → landmark model per face. Results stay in
/// buffers owned by the processor (valid until the next call), so processing a frame allocates nothing.
/// Used by the daemon, <c>edgeface detect</c> and <c>edgeface bench</c> alike.
/// </summary>
public sealed class FrameProcessor : IDisposable
{
    private readonly IFaceDetector _detector;
    private readonly ILandmarker? _landmarker;
    private readonly FrameDecoder _decoder = new();
    private readonly FaceDetection[] _raw;
    private readonly FaceDetection[] _faces;
    private readonly PointF[] _landmarks;
    private int _count;

    public FrameProcessor(IFaceDetector detector, ILandmarker? landmarker, DetectionSettings settings)
    {
        _detector = detector;
        _landmarker = landmarker;
        Settings = settings;
        _raw = new FaceDetection[Math.Max(settings.MaxFaces, 1) * 4];
        _faces = new FaceDetection[Math.Max(settings.MaxFaces, 1)];
        _landmarks = new PointF[_faces.Length * Math.Max(landmarker?.PointCount ?? 0, 1)];
    }

    /// <summary>Thresholds and options, changeable live (remote configuration); landmark passes reach the model too.</summary>
    public DetectionSettings Settings
    {
        get => _settings;
        set
        {
            _settings = value;
            if (_landmarker is not null) _landmarker.Passes = value.LandmarkPasses;
        }
    }

    private DetectionSettings _settings = null!;
    public IFaceDetector Detector => _detector;
    public ILandmarker? Landmarker => _landmarker;
    public bool LandmarksEnabled => _landmarker is not null && Settings.Landmarks;
    public int PointsPerFace => LandmarksEnabled ? _landmarker!.PointCount : 0;

    public ReadOnlySpan<FaceDetection> Faces => _faces.AsSpan(0, _count);
    public ReadOnlySpan<PointF> Landmarks => _landmarks.AsSpan(0, _count * PointsPerFace);

    /// <summary>
    /// Writes the detector's input tensor for a decoded or raw frame now and attaches it to the frame, so that
    /// <see cref="Process(Frame, ref FrameTimings)"/> only runs the model. The <see cref="DecodeStage"/> calls this on its
    /// own core, one frame ahead. A frame is left as it is when it is still compressed or no spare tensor is free.
    /// </summary>
    public void PrepareAhead(Frame frame)
    {
        if (frame.Format == PixelFormat.Jpeg || frame.Attachment is not null) return;
        var prepared = _detector.Prepare(frame.View);
        if (prepared is null) return;
        frame.Attachment = prepared;
        frame.DecodeTicks += prepared.PrepareTicks;   // converting into the tensor belongs to the decode/convert stage
    }

    /// <summary>
    /// Decodes the frame if it is still compressed and runs the models. A frame the <see cref="DecodeStage"/> decoded
    /// (and prepared) ahead brings its decode time along. Throws <see cref="FrameDecodeException"/> for a broken frame.
    /// </summary>
    public int Process(Frame frame, ref FrameTimings timings)
    {
        if (frame.Format != PixelFormat.Jpeg)
        {
            timings.Decode = frame.DecodeTicks;
            var raw = frame.View;
            var prepared = frame.Attachment as PreparedInput;
            return Process(raw, prepared is not null && prepared.IsFor(_detector, raw) ? prepared : null, ref timings);
        }
        long t0 = Stopwatch.GetTimestamp();
        var view = _decoder.Decode(frame.Data);
        timings.Decode = Stopwatch.GetTimestamp() - t0;
        return Process(view, null, ref timings);
    }

    /// <summary>Runs detector and landmark model on an already decoded image.</summary>
    public int Process(in ImageView view, ref FrameTimings timings) => Process(view, null, ref timings);

    private int Process(in ImageView view, PreparedInput? prepared, ref FrameTimings timings)
    {
        long t0 = Stopwatch.GetTimestamp();
        int found = prepared is null ? _detector.Detect(view, _raw) : _detector.Detect(prepared, _raw);
        timings.OrtRun = _detector.LastTimings.Run;
        _count = 0;
        float minScore = (float)Settings.ScoreThreshold;
        int minSize = Settings.MinFacePx;
        for (int i = 0; i < found && _count < _faces.Length; i++)
        {
            ref readonly var f = ref _raw[i];
            if (f.Score < minScore || Math.Max(f.Box.Width, f.Box.Height) < minSize) continue;
            _faces[_count++] = f;
        }
        long t1 = Stopwatch.GetTimestamp();
        timings.Detect = t1 - t0;
        if (LandmarksEnabled)
        {
            int n = _landmarker!.PointCount;
            for (int i = 0; i < _count; i++)
            {
                _landmarker.Predict(view, _faces[i], _landmarks.AsSpan(i * n, n));
                timings.OrtRun += _landmarker.LastTimings.Run;
            }
        }
        timings.Landmarks = Stopwatch.GetTimestamp() - t1;
        timings.Detected = true;
        timings.Faces = _count;
        return _count;
    }

    public void Dispose()
    {
        _decoder.Dispose();
        _detector.Dispose();
        _landmarker?.Dispose();
    }
}
