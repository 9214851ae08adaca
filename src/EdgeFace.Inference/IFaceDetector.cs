using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference.Detectors;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference;

/// <summary>Finds faces in a frame. One instance per thread; the per-frame path allocates nothing.</summary>
public interface IFaceDetector : IDisposable
{
    ModelManifest Manifest { get; }

    /// <summary>
    /// Detects faces in <paramref name="image"/> (any raw pixel format) and writes them, best first, in frame
    /// coordinates; returns how many were written (at most <c>faces.Length</c>).
    /// </summary>
    int Detect(in ImageView image, Span<FaceDetection> faces);

    /// <summary>
    /// Writes the model input for <paramref name="image"/> now, into a spare buffer, so that <see cref="Detect(PreparedInput, Span{FaceDetection})"/>
    /// can run on it later: a decode stage calls this on its own core while the models work on the previous frame.
    /// Safe to call on another thread than Detect. Returns null when no spare buffer is free.
    /// </summary>
    PreparedInput? Prepare(in ImageView image);

    /// <summary>
    /// As <see cref="Detect(in ImageView, Span{FaceDetection})"/> on the image <paramref name="input"/> was prepared from
    /// (which must come from this detector's <see cref="Prepare"/>); the preprocess time of <see cref="LastTimings"/> is 0.
    /// </summary>
    int Detect(PreparedInput input, Span<FaceDetection> faces);

    /// <summary>Timings of the last Detect.</summary>
    InferenceTimings LastTimings { get; }

    /// <summary>The execution provider that runs the model (after any fallback to CPU).</summary>
    string ActiveProvider { get; }
}
