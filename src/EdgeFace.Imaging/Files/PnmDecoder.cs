namespace EdgeFace.Imaging;

/// <summary>Binary PGM (P5) and PPM (P6) with 8-bit samples; maxval below 255 is stretched to 0..255.</summary>
internal static class PnmDecoder
{
    public static RgbImage Decode(ReadOnlySpan<byte> bytes)
    {
        char kind = (char)bytes[1];
        if (kind is not ('5' or '6'))
            throw new ImageFormatException($"unsupported PNM variant P{kind}: only binary PGM (P5) and PPM (P6) are read");
        int pos = 2;
        int width = ReadNumber(bytes, ref pos, "width");
        int height = ReadNumber(bytes, ref pos, "height");
        int maxval = ReadNumber(bytes, ref pos, "maxval");
        if (maxval is < 1 or > 65535) throw new ImageFormatException($"PNM maxval {maxval} is outside 1..65535");
        if (maxval > 255) throw new ImageFormatException($"unsupported PNM with 16-bit samples (maxval {maxval})");
        ImageFile.CheckSize(width, height);
        // Exactly one whitespace byte separates the header from the samples.
        if (pos >= bytes.Length || !IsSpace(bytes[pos])) throw new ImageFormatException("PNM header is not followed by whitespace");
        pos++;
        int channels = kind == '6' ? 3 : 1;
        long need = (long)width * height * channels;
        if (bytes.Length - pos < need) throw new ImageFormatException($"PNM data is truncated: {bytes.Length - pos} of {need} bytes");

        var samples = bytes.Slice(pos, (int)need);
        var pixels = new byte[3 * width * height];
        Span<byte> scale = stackalloc byte[256];
        for (int i = 0; i < 256; i++) scale[i] = (byte)Math.Min(255, (i * 255 + maxval / 2) / maxval);
        if (channels == 3)
            for (int i = 0; i < samples.Length; i++) pixels[i] = scale[samples[i]];
        else
            for (int i = 0; i < samples.Length; i++) pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = scale[samples[i]];
        return new RgbImage(width, height, pixels);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static int ReadNumber(ReadOnlySpan<byte> bytes, ref int pos, string what)
    {
        // Whitespace and '#' comments (to the end of the line) may precede each header number.
        while (pos < bytes.Length && (IsSpace(bytes[pos]) || bytes[pos] == (byte)'#'))
        {
            if (bytes[pos] == (byte)'#') while (pos < bytes.Length && bytes[pos] != (byte)'\n') pos++;
            else pos++;
        }
        long value = 0;
        int start = pos;
        while (pos < bytes.Length && bytes[pos] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
            value = value * 10 + (bytes[pos++] - '0');
        if (pos == start) throw new ImageFormatException($"PNM header: {what} is missing");
        if (value > int.MaxValue) throw new ImageFormatException($"PNM header: {what} is too large");
        return (int)value;
    }
}
