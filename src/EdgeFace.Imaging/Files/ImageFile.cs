using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Imaging;

/// <summary>
/// Loads still images (test pictures, enrolment photos, calibration frames) as RGB24. The format comes from the
/// file's magic bytes, never its extension. Not for the per-frame path: every call allocates the result.
/// </summary>
public static class ImageFile
{
    /// <summary>Largest image accepted (<see cref="ImageLimits.MaxPixels"/>), so a hostile header cannot make us allocate gigabytes.</summary>
    public const int MaxPixels = ImageLimits.MaxPixels;

    public static RgbImage Load(string path)
    {
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > ImageLimits.MaxFileBytes)
                throw new ImageFormatException($"{path}: file of {length} bytes exceeds the {ImageLimits.MaxFileBytes}-byte limit for an image");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException($"{path}: cannot read file: {e.Message}", e);
        }
        try { return Decode(bytes); }
        catch (ImageFormatException e) { throw new ImageFormatException($"{path}: {e.Message}", e); }
        catch (JpegException e) { throw new ImageFormatException($"{path}: {e.Message}", e); }
    }

    /// <summary>Decodes a JPEG, PNG or binary PGM/PPM held in memory.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var format = Detect(bytes);
            if (format is ImageFileFormat.Jpeg or ImageFileFormat.Png) ImageLimits.CheckEncoded(bytes.Length);
            return format switch
            {
                ImageFileFormat.Jpeg => DecodeJpeg(bytes),
                ImageFileFormat.Png => PngDecoder.Decode(bytes),
                ImageFileFormat.Pnm => PnmDecoder.Decode(bytes),
                _ => throw new ImageFormatException("not a JPEG, PNG or binary PGM/PPM image (unrecognised first bytes)"),
            };
        }
        catch (ImageLimitException e) { throw new ImageFormatException(e.Message, e); }
    }

    public static ImageFileFormat Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return ImageFileFormat.Jpeg;
        if (bytes.StartsWith(PngDecoder.Signature)) return ImageFileFormat.Png;
        if (bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] is >= (byte)'1' and <= (byte)'7') return ImageFileFormat.Pnm;
        return ImageFileFormat.Unknown;
    }

    /// <summary>The PNG and PNM readers check their header's size here, before they size a buffer from it.</summary>
    internal static void CheckSize(long width, long height) => ImageLimits.Check(width, height);

    private static RgbImage DecodeJpeg(ReadOnlySpan<byte> bytes)
    {
        using var codec = new JpegCodec();
        var header = codec.ReadHeader(bytes);   // checks ImageLimits
        var pixels = new byte[JpegCodec.DecodedSize(header, PixelFormat.Rgb24)];
        codec.Decode(bytes, header, pixels, PixelFormat.Rgb24);
        return new RgbImage(header.Width, header.Height, pixels);
    }
}
