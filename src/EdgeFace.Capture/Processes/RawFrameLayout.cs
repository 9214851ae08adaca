using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>How raw frames are laid out on a subprocess's stdout: fixed-size records, one per frame.</summary>
public readonly record struct RawFrameLayout(PixelFormat Format, int Width, int Height, int Stride)
{
    public int FrameBytes => PixelFormatInfo.FrameSize(Format, Height, Stride);

    public static RawFrameLayout Packed(PixelFormat format, int width, int height) =>
        new(format, width, height, PixelFormatInfo.MinimumStride(format, width));

    public override string ToString() => $"{Format} {Width}x{Height} stride {Stride}";
}
