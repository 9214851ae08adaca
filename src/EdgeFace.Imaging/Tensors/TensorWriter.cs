using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging;

/// <summary>
/// Writes model input tensors straight from camera frames: pixel conversion, bilinear resize (OpenCV INTER_LINEAR
/// convention, docs/model-format.md), letterbox or stretch and normalisation in one pass, into NCHW planes.
/// Sources: any <see cref="PixelFormat"/> except Jpeg; YUV is BT.601 limited range, converted in float.
/// Nothing is allocated per call once a thread has warmed up (scratch rows are kept per thread).
/// </summary>
public static class TensorWriter
{
    /// <summary>
    /// Whole image → tensor. <paramref name="letterbox"/> true keeps the aspect ratio (content top-left, the rest
    /// is pixel value 0 before normalisation); false stretches to the tensor size.
    /// </summary>
    public static LetterboxMap Resize(in ImageView source, Span<float> destination, in TensorSpec spec, bool letterbox)
    {
        var map = Prepare(source, destination.Length, spec, letterbox);
        VectorTensorWriter.Resize(source, destination, spec, map);
        return map;
    }

    /// <summary>uint8 tensor: the rounded pixel value (0..255); mean and scale are ignored.</summary>
    public static LetterboxMap Resize(in ImageView source, Span<byte> destination, in TensorSpec spec, bool letterbox)
    {
        var map = Prepare(source, destination.Length, spec, letterbox);
        VectorTensorWriter.Resize(source, destination, spec, map);
        return map;
    }

    /// <summary>
    /// Affine crop (rotated/scaled face crops for landmark models): each tensor pixel (u, v) samples the source
    /// bilinearly at <paramref name="map"/>(u + 0.5, v + 0.5); neighbours outside the image read 0 before normalisation.
    /// </summary>
    public static void Warp(in ImageView source, Span<float> destination, in TensorSpec spec, in AffineMap map)
    {
        CheckSource(source);
        spec.Validate(destination.Length);
        if (InterleavedWarp.Supports(source.Format)) InterleavedWarp.Warp(source, destination, spec, map);
        else ScalarTensorWriter.Warp(source, destination, spec, map);
    }

    /// <summary>Affine crop into a uint8 tensor: the rounded pixel value, mean and scale ignored, 0 outside the image.</summary>
    public static void Warp(in ImageView source, Span<byte> destination, in TensorSpec spec, in AffineMap map)
    {
        CheckSource(source);
        spec.Validate(destination.Length);
        if (InterleavedWarp.Supports(source.Format)) InterleavedWarp.Warp(source, destination, spec, map);
        else ScalarTensorWriter.Warp(source, destination, spec, map);
    }

    private static LetterboxMap Prepare(in ImageView source, int destinationLength, in TensorSpec spec, bool letterbox)
    {
        CheckSource(source);
        spec.Validate(destinationLength);
        return LetterboxMap.For(source.Width, source.Height, spec.Width, spec.Height, letterbox);
    }

    private static void CheckSource(in ImageView source)
    {
        if (source.Format == PixelFormat.Jpeg)
            throw new NotSupportedException("a JPEG frame must be decoded before it can be resized (JpegCodec.Decode)");
    }
}
