using EdgeFace.Core.Frames;
using EdgeFace.Imaging;

namespace EdgeFace.Capture.Folder;

/// <summary>
/// Decodes the non-JPEG still images a folder source accepts (PNG, binary PPM/PGM) to RGB24 with the Imaging
/// project's <see cref="ImageFile"/>, and copies them into a pooled frame. Folder playback is a test and demo path:
/// the decode allocates per image, the frames themselves are recycled.
/// </summary>
internal static class StillImageDecoder
{
    public static Frame Decode(string file, FramePool pool)
    {
        RgbImage image;
        try { image = ImageFile.Load(file); }
        catch (ImageFormatException ex)
        {
            throw new CaptureException(CaptureErrorKind.Configuration, $"cannot use image {ex.Message}", ex);
        }
        int length = image.Stride * image.Height;
        var frame = pool.Rent(length, PixelFormat.Rgb24, image.Width, image.Height, image.Stride);
        image.Pixels.AsSpan(0, length).CopyTo(frame.WritableData);
        return frame;
    }
}
