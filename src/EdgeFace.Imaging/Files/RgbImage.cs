using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging;

/// <summary>A decoded image that owns its pixels: tightly packed RGB24 rows.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is not positive");
        if (pixels.Length < 3L * width * height) throw new ArgumentException($"{width}x{height} RGB needs {3L * width * height} bytes, got {pixels.Length}", nameof(pixels));
        Width = width; Height = height; Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int Stride => 3 * Width;
    /// <summary>R, G, B bytes, row after row, no padding.</summary>
    public byte[] Pixels { get; }

    public ImageView View => new(Pixels, PixelFormat.Rgb24, Width, Height, Stride);
}
