using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
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

    /// <summary>Timings of the last <see cref="Detect"/>.</summary>
    InferenceTimings LastTimings { get; }

    /// <summary>The execution provider that runs the model (after any fallback to CPU).</summary>
    string ActiveProvider { get; }
}
