using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EdgeFace.Imaging.Tests;

/// <summary>A tiny PNG encoder for tests: any colour type, one chosen filter for every row, stored or deflated.</summary>
internal static class PngWriter
{
    public static byte[] Write(int width, int height, int colorType, byte[] samples, int filter,
        CompressionLevel level = CompressionLevel.Optimal, int bitDepth = 8, int interlace = 0, int idatChunks = 2)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new ArgumentException("colour type") };
        int rowBytes = width * channels * bitDepth / 8, bpp = Math.Max(1, channels * bitDepth / 8);
        var filtered = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            filtered.WriteByte((byte)filter);
            for (int i = 0; i < rowBytes; i++)
            {
                int x = samples[y * rowBytes + i];
                int a = i >= bpp ? samples[y * rowBytes + i - bpp] : 0;
                int b = y > 0 ? samples[(y - 1) * rowBytes + i] : 0;
                int c = i >= bpp && y > 0 ? samples[(y - 1) * rowBytes + i - bpp] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PaethPredictor(a, b, c),
                    _ => 0,
                };
                filtered.WriteByte((byte)(x - predictor));
            }
        }
        var zlib = new MemoryStream();
        using (var z = new ZLibStream(zlib, level, leaveOpen: true)) z.Write(filtered.ToArray());
        var compressed = zlib.ToArray();

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth; ihdr[9] = (byte)colorType; ihdr[12] = (byte)interlace;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "tEXt", Encoding.ASCII.GetBytes("Comment\0written by the EdgeFace tests"));
        // Image data split over several IDAT chunks, as encoders are allowed to do.
        int part = (compressed.Length + idatChunks - 1) / idatChunks;
        for (int start = 0; start < compressed.Length; start += part)
            Chunk(png, "IDAT", compressed.AsSpan(start, Math.Min(part, compressed.Length - start)).ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(be, data.Length);
        png.Write(be);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(be, BitwiseCrc([.. typeBytes, .. data]));
        png.Write(be);
    }

    // Bit-at-a-time CRC-32, deliberately unlike the library's table version.
    private static uint BitwiseCrc(byte[] bytes)
    {
        uint crc = ~0u;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
