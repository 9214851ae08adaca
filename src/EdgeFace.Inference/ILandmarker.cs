using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference;

/// <summary>Places facial landmarks on a detected face. One instance per thread; allocation-free per call.</summary>
public interface ILandmarker : IDisposable
{
    ModelManifest Manifest { get; }

    /// <summary>Points per face (68 for the iBUG layout).</summary>
    int PointCount { get; }

    /// <summary>Writes <see cref="PointCount"/> points in frame coordinates into <paramref name="points"/>.</summary>
    void Predict(in ImageView image, in FaceDetection face, Span<PointF> points);

    /// <summary>Refinement passes per face (each re-crops from the previous pass's points); models without refinement ignore it.</summary>
    int Passes { get; set; }

    /// <summary>Timings of the last <see cref="Predict"/>.</summary>
    InferenceTimings LastTimings { get; }

    /// <summary>The execution provider that runs the model (after any fallback to CPU).</summary>
    string ActiveProvider { get; }
}
