using System.Diagnostics;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference.Detectors;
using EdgeFace.Inference.Landmarks;

namespace EdgeFace.Inference.Benchmarks;

/// <summary>
/// Measures a loaded detector or landmarker on one frame: per-stage means over many calls, the bare ORT Run on the same
/// bound tensors, and managed bytes allocated per call (should be 0). For `edgeface bench`-style commands.
/// </summary>
public static class InferenceBenchmark
{
    public static InferenceBenchmarkResult Detector(IFaceDetector detector, in ImageView frame, int iterations = 200, int warmup = 10)
    {
        if (detector is not FaceDetectorBase pipeline) throw new ArgumentException("only detectors made by ModelLoader can be benchmarked", nameof(detector));
        var faces = new FaceDetection[pipeline.Manifest.Kpnet?.MaxFaces ?? pipeline.Manifest.Yunet?.MaxFaces ?? 16];
        for (int i = 0; i < warmup; i++) detector.Detect(frame, faces);
        long pre = 0, run = 0, decode = 0, bare = 0;
        Action runOnly = pipeline.RunModelOnly;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            detector.Detect(frame, faces);
            var t = detector.LastTimings;
            pre += t.Preprocess; run += t.Run; decode += t.Decode;
            bare += BareRun(runOnly);
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return Result(pipeline.Manifest.Name, pipeline.ActiveProvider, iterations, pre, run, decode, bare, allocated);
    }

    public static InferenceBenchmarkResult Landmarker(ILandmarker landmarker, in ImageView frame, in FaceDetection face, int iterations = 200, int warmup = 10)
    {
        if (landmarker is not PfldLandmarker pfld) throw new ArgumentException("only landmarkers made by ModelLoader can be benchmarked", nameof(landmarker));
        var points = new PointF[landmarker.PointCount];
        for (int i = 0; i < warmup; i++) landmarker.Predict(frame, face, points);
        long pre = 0, run = 0, decode = 0, bare = 0;
        Action runOnly = pfld.RunModelOnly;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            landmarker.Predict(frame, face, points);
            var t = landmarker.LastTimings;
            pre += t.Preprocess; run += t.Run; decode += t.Decode;
            bare += BareRun(runOnly);
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return Result(pfld.Manifest.Name, pfld.ActiveProvider, iterations, pre, run, decode, bare, allocated);
    }

    // Interleaved with the pipeline calls, so machine load affects both figures alike. Passing a method group to an
    // Action parameter would allocate a delegate per call: the caller's loop keeps one.
    private static long BareRun(Action run)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetTimestamp() - start;
    }

    private static InferenceBenchmarkResult Result(string model, string provider, int n, long pre, long run, long decode, long bare, long allocated) => new(
        model, provider, n,
        InferenceTimings.ToMilliseconds(pre) / n, InferenceTimings.ToMilliseconds(run) / n, InferenceTimings.ToMilliseconds(decode) / n,
        InferenceTimings.ToMilliseconds(pre + run + decode) / n, InferenceTimings.ToMilliseconds(bare) / n, (double)allocated / n);
}
