namespace EdgeFace.Core.Frames;

/// <summary>
/// The one definition of how large an image EdgeFace accepts, from any source: camera and stream frames, folder and
/// file images, <c>detect</c> and <c>eval</c>. A header is checked against it before any buffer is sized from the
/// header's claims, so a few hundred bytes that claim 20000×20000 cannot make the process allocate 1.2 GB.
/// </summary>
public static class ImageLimits
{
    /// <summary>Most pixels in one image (8192×8192; decoded RGB24 at most 192 MiB).</summary>
    public const int MaxPixels = 64 * 1024 * 1024;

    /// <summary>Most bytes of one compressed image (a JPEG frame or file, a PNG file).</summary>
    public const int MaxEncodedBytes = 64 * 1024 * 1024;

    /// <summary>Most bytes of a still-image file read into memory: the largest binary PPM within <see cref="MaxPixels"/>.</summary>
    public const long MaxFileBytes = 3L * MaxPixels + 4096;

    /// <summary>Why an image of this size is refused, or null when it is within the limit.</summary>
    public static string? Exceeds(long width, long height)
    {
        if (width <= 0 || height <= 0) return $"image size {width}x{height} is not positive";
        if (width > MaxPixels || height > MaxPixels || width * height > MaxPixels)
            return $"image size {width}x{height} exceeds the {MaxPixels}-pixel limit";
        return null;
    }

    /// <summary>Throws <see cref="ImageLimitException"/> when an image of this size is refused.</summary>
    public static void Check(long width, long height)
    {
        if (Exceeds(width, height) is { } why) throw new ImageLimitException(why);
    }

    /// <summary>Throws <see cref="ImageLimitException"/> when a compressed image is larger than <see cref="MaxEncodedBytes"/>.</summary>
    public static void CheckEncoded(long bytes)
    {
        if (bytes > MaxEncodedBytes)
            throw new ImageLimitException($"compressed image of {bytes} bytes exceeds the {MaxEncodedBytes}-byte limit");
    }
}
