using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeFace.Imaging;

/// <summary>
/// PNG reader for what cameras and tools commonly write: 8-bit gray, RGB, gray+alpha and RGBA, not interlaced.
/// Alpha is dropped (pixels are taken as they are, not blended). 16-bit samples, palettes, bit depths below 8
/// and Adam7 interlacing are refused with an "unsupported" message; damaged files (bad CRC, truncated or
/// malformed zlib data) are refused with a message saying what is wrong.
/// </summary>
internal static class PngDecoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const int ColorGray = 0, ColorRgb = 2, ColorPalette = 3, ColorGrayAlpha = 4, ColorRgba = 6;

    public static RgbImage Decode(ReadOnlySpan<byte> file)
    {
        int pos = Signature.Length;
        int width = 0, height = 0, channels = 0;
        bool seenHeader = false, seenEnd = false;
        using var compressed = new MemoryStream();
        while (!seenEnd)
        {
            if (file.Length - pos < 12) throw new ImageFormatException("PNG is truncated (no IEND chunk)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            if (length > int.MaxValue || length > file.Length - pos - 12)
                throw new ImageFormatException($"PNG is truncated: chunk at byte {pos} claims {length} bytes");
            var type = file.Slice(pos + 4, 4);
            var data = file.Slice(pos + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 8 + (int)length)..]);
            string name = System.Text.Encoding.ASCII.GetString(type);
            if (Crc32.Compute(type, data) != crc) throw new ImageFormatException($"PNG chunk {name} at byte {pos} has a bad CRC (damaged file)");
            pos += 12 + (int)length;

            switch (name)
            {
                case "IHDR":
                    (width, height, channels) = ReadHeader(data);
                    seenHeader = true;
                    break;
                case "IDAT":
                    if (!seenHeader) throw new ImageFormatException("PNG IDAT comes before IHDR");
                    compressed.Write(data);
                    break;
                case "IEND":
                    seenEnd = true;
                    break;
                case "PLTE":
                    break; // only meaningful for palette images, which IHDR already refused
                default:
                    // Bit 5 of the first letter clear = critical chunk we do not understand.
                    if ((type[0] & 0x20) == 0) throw new ImageFormatException($"unsupported critical PNG chunk {name}");
                    break;
            }
        }
        if (!seenHeader) throw new ImageFormatException("PNG has no IHDR chunk");

        int rowBytes = width * channels;
        var raw = new byte[(long)(rowBytes + 1) * height];
        Inflate(compressed, raw);
        Unfilter(raw, rowBytes, height, channels);
        return new RgbImage(width, height, ToRgb(raw, width, height, channels));
    }

    private static (int Width, int Height, int Channels) ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13) throw new ImageFormatException($"PNG IHDR has {data.Length} bytes instead of 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8], color = data[9], compression = data[10], filter = data[11], interlace = data[12];
        ImageFile.CheckSize(width, height);
        if (color == ColorPalette) throw new ImageFormatException("unsupported PNG: palette (indexed colour) images are not read; save as RGB");
        if (depth != 8) throw new ImageFormatException($"unsupported PNG bit depth {depth}: only 8-bit samples are read");
        if (interlace != 0) throw new ImageFormatException("unsupported PNG: interlaced (Adam7) images are not read");
        if (compression != 0 || filter != 0) throw new ImageFormatException($"PNG uses unknown compression {compression} or filter method {filter}");
        int channels = color switch
        {
            ColorGray => 1,
            ColorRgb => 3,
            ColorGrayAlpha => 2,
            ColorRgba => 4,
            _ => throw new ImageFormatException($"PNG colour type {color} is not valid"),
        };
        return ((int)width, (int)height, channels);
    }

    private static void Inflate(MemoryStream compressed, byte[] raw)
    {
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            int filled = 0;
            while (filled < raw.Length)
            {
                int n = zlib.Read(raw, filled, raw.Length - filled);
                if (n == 0) throw new ImageFormatException($"PNG image data is truncated: {filled} of {raw.Length} bytes");
                filled += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException($"PNG image data is not valid zlib data: {e.Message}", e);
        }
    }

    private static void Unfilter(byte[] raw, int rowBytes, int height, int bpp)
    {
        int stride = rowBytes + 1;
        for (int y = 0; y < height; y++)
        {
            int row = y * stride + 1, prev = row - stride; // prev is only read when y > 0
            byte filter = raw[row - 1];
            var cur = raw.AsSpan(row, rowBytes);
            var up = y > 0 ? raw.AsSpan(prev, rowBytes) : default;
            switch (filter)
            {
                case 0: break;
                case 1: // Sub
                    for (int i = bpp; i < rowBytes; i++) cur[i] += cur[i - bpp];
                    break;
                case 2: // Up
                    if (y > 0) for (int i = 0; i < rowBytes; i++) cur[i] += up[i];
                    break;
                case 3: // Average
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? cur[i - bpp] : 0, above = y > 0 ? up[i] : 0;
                        cur[i] += (byte)((left + above) >> 1);
                    }
                    break;
                case 4: // Paeth
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int a = i >= bpp ? cur[i - bpp] : 0, b = y > 0 ? up[i] : 0, c = i >= bpp && y > 0 ? up[i - bpp] : 0;
                        cur[i] += (byte)Paeth(a, b, c);
                    }
                    break;
                default:
                    throw new ImageFormatException($"PNG row {y} has unknown filter type {filter}");
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgb(byte[] raw, int width, int height, int channels)
    {
        var rgb = new byte[3 * width * height];
        int stride = width * channels + 1;
        for (int y = 0; y < height; y++)
        {
            var src = raw.AsSpan(y * stride + 1, width * channels);
            var dst = rgb.AsSpan(3 * width * y, 3 * width);
            for (int x = 0; x < width; x++)
            {
                if (channels <= 2)
                {
                    byte g = src[x * channels];
                    dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = g;
                }
                else
                {
                    dst[3 * x] = src[x * channels];
                    dst[3 * x + 1] = src[x * channels + 1];
                    dst[3 * x + 2] = src[x * channels + 2];
                }
            }
        }
        return rgb;
    }
}
