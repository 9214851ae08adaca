using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Folder;

/// <summary>
/// Decodes the non-JPEG still images a folder source accepts into pooled frames. Binary PPM/PGM (P6/P5, 8-bit) is
/// read here; PNG needs the Imaging project's decoder.
/// </summary>
internal static class StillImageDecoder
{
    public static Frame Decode(string file, FramePool pool)
    {
        string ext = Path.GetExtension(file).ToLowerInvariant();
        if (ext is ".ppm" or ".pgm" or ".pnm") return DecodePnm(file, pool);
        throw new CaptureException(CaptureErrorKind.Configuration,
            $"{file}: PNG decoding is not available in this build (EdgeFace.Imaging has no PNG reader yet); convert the folder to JPEG or PPM");
    }

    private static Frame DecodePnm(string file, FramePool pool)
    {
        byte[] bytes = File.ReadAllBytes(file);
        int pos = 0;
        string magic = Token(bytes, ref pos);
        if (magic is not ("P6" or "P5"))
            throw Bad(file, $"only binary PPM (P6) and PGM (P5) are supported, found '{magic}'");
        if (!int.TryParse(Token(bytes, ref pos), out int width) || !int.TryParse(Token(bytes, ref pos), out int height) ||
            !int.TryParse(Token(bytes, ref pos), out int max) || width <= 0 || height <= 0)
            throw Bad(file, "malformed header");
        if (max != 255) throw Bad(file, $"only 8-bit samples (maxval 255) are supported, found maxval {max}");
        pos++; // the single whitespace byte after maxval
        var format = magic == "P6" ? PixelFormat.Rgb24 : PixelFormat.Gray8;
        int stride = PixelFormatInfo.MinimumStride(format, width);
        long need = (long)stride * height;
        if (bytes.Length - pos < need) throw Bad(file, $"truncated: needs {need} pixel bytes, has {bytes.Length - pos}");
        var frame = pool.Rent((int)need, format, width, height, stride);
        bytes.AsSpan(pos, (int)need).CopyTo(frame.WritableData);
        return frame;
    }

    private static string Token(byte[] b, ref int pos)
    {
        while (pos < b.Length)
        {
            if (b[pos] == '#') { while (pos < b.Length && b[pos] != '\n') pos++; }
            else if (char.IsWhiteSpace((char)b[pos])) pos++;
            else break;
        }
        int start = pos;
        while (pos < b.Length && !char.IsWhiteSpace((char)b[pos]) && pos - start < 16) pos++;
        return System.Text.Encoding.ASCII.GetString(b, start, pos - start);
    }

    private static CaptureException Bad(string file, string problem) =>
        new(CaptureErrorKind.Configuration, $"{file}: not a usable PPM/PGM image: {problem}");
}
