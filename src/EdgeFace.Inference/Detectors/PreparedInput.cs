using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Onnx;

namespace EdgeFace.Inference.Detectors;

/// <summary>
/// A detector input tensor written ahead of time, on another thread, for one frame (see
/// <see cref="IFaceDetector.Prepare"/>). Rides on the frame as its <see cref="Frame.Attachment"/> and goes back to the
/// detector's pool when the frame is released, whether or not the detector used it.
/// </summary>
public sealed class PreparedInput : IFrameAttachment
{
    private readonly PreparedInputPool _pool;

    internal PreparedInput(PreparedInputPool pool, InputBuffer buffer)
    {
        _pool = pool; Buffer = buffer;
    }

    internal InputBuffer Buffer { get; }

    /// <summary>Frame → tensor mapping of the image written into <see cref="Buffer"/>.</summary>
    internal LetterboxMap Map { get; set; }

    /// <summary>Frame size the tensor was written from (a detector refuses a tensor of another frame size).</summary>
    internal int FrameWidth { get; set; }
    internal int FrameHeight { get; set; }

    /// <summary>Stopwatch ticks that writing the tensor took.</summary>
    public long PrepareTicks { get; internal set; }

    /// <summary>
    /// Whether <paramref name="detector"/> made this input from an image of <paramref name="image"/>'s size (a rebuilt
    /// model stage ignores the old detector's inputs).
    /// </summary>
    public bool IsFor(IFaceDetector detector, in ImageView image) =>
        ReferenceEquals(_pool.Owner, detector) && FrameWidth == image.Width && FrameHeight == image.Height;

    internal bool IsFrom(object detector) => ReferenceEquals(_pool.Owner, detector);

    public void Release() => _pool.Return(this);
}
