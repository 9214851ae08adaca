using System.Drawing;
using System.Runtime.CompilerServices;

namespace EdgeFace.Core.Faces;

/// <summary>The five keypoints a detector gives: image-left eye, image-right eye, nose tip, image-left and image-right mouth corner.</summary>
[InlineArray(Count)]
public struct Keypoints5
{
    public const int Count = 5;
    private PointF _first;
}

/// <summary>One detected face in frame pixel coordinates (continuous: pixel i spans [i, i+1)).</summary>
public struct FaceDetection
{
    /// <summary>Face box: X, Y top-left, Width, Height.</summary>
    public RectangleF Box;
    /// <summary>Detector confidence in [0, 1].</summary>
    public float Score;
    /// <summary>Eyes, nose, mouth corners (see <see cref="Keypoints5"/>).</summary>
    public Keypoints5 Keypoints;
    /// <summary>Face size in pixels as the detector estimated it (KPNet's scale map); 0 when the model gives none.</summary>
    public float Size;

    public FaceDetection(RectangleF box, float score)
    {
        Box = box; Score = score; Keypoints = default; Size = 0;
    }
}
