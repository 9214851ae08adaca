using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Diagnostics;

namespace EdgeFace.Imaging.Color;

/// <summary>
/// Converts one source row of any raw format into three float planes (R, G, B, values 0..255).
/// The SIMD loops use only cross-platform <see cref="Vector128"/> operations (byte shuffles become PSHUFB on x86
/// and TBL on ARM); each format gathers its bytes into 32-bit lanes with one shuffle per channel and converts to
/// float, then applies exactly the float arithmetic of <see cref="Bt601.ToRgb"/>. Columns the vector loop cannot
/// cover (row ends, cut-off chroma pairs, loads that would pass the end of the buffer) go through the scalar code.
/// </summary>
internal static class RowConverter
{
    private const byte Z = 0xFF; // shuffle index that yields 0

    public static void Convert(in ImageView image, int y, Span<float> r, Span<float> g, Span<float> b, bool useSimd)
    {
        int width = image.Width;
        if (r.Length < width || g.Length < width || b.Length < width) throw new ArgumentException("row buffers are shorter than the image width");
        int x = 0;
        if (useSimd && Vector128.IsHardwareAccelerated)
        {
            x = image.Format switch
            {
                PixelFormat.Gray8 => Gray8(image, y, r, g, b),
                PixelFormat.Rgb24 => Packed3(image, y, r, g, b),
                PixelFormat.Bgr24 => Packed3(image, y, b, g, r),
                PixelFormat.Yuyv => Yuyv(image, y, r, g, b),
                PixelFormat.Nv12 => Nv12(image, y, r, g, b),
                PixelFormat.I420 => I420(image, y, r, g, b),
                _ => 0,
            };
        }
        if (x > 0) KernelPathCounters.RowConvertVector++; else KernelPathCounters.RowConvertScalarOnly++;
        if (x < width)
        {
            var pixels = new PixelFetcher(image);
            for (; x < width; x++)
            {
                pixels.Rgb(x, y, out float pr, out float pg, out float pb);
                r[x] = pr; g[x] = pg; b[x] = pb;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Lanes(Vector128<byte> bytes, Vector128<byte> indices) =>
        Vector128.ConvertToSingle(Gather(bytes, indices));

    /// <summary>Four bytes picked by <paramref name="indices"/> (0xFF picks zero), widened to 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Gather(Vector128<byte> bytes, Vector128<byte> indices) =>
        Vector128.ShuffleNative(bytes, indices).AsInt32();

    /// <summary>
    /// Converts eight pixels given as two halves of 32-bit Y, U, V lanes. With 256-bit vectors (AVX2) the float
    /// work runs once on eight lanes; elsewhere (ARM NEON) twice on four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreYuv8(Vector128<int> yLo, Vector128<int> yHi, Vector128<int> uLo, Vector128<int> uHi,
        Vector128<int> vLo, Vector128<int> vHi, ref float r, ref float g, ref float b, nuint x)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256<float>.Zero;
            var max = Vector256.Create(255f);
            var l = (Vector256.ConvertToSingle(Vector256.Create(yLo, yHi)) - Vector256.Create(Bt601.YOffset)) * Vector256.Create(Bt601.YScale);
            var cb = Vector256.ConvertToSingle(Vector256.Create(uLo, uHi)) - Vector256.Create(Bt601.ChromaOffset);
            var cr = Vector256.ConvertToSingle(Vector256.Create(vLo, vHi)) - Vector256.Create(Bt601.ChromaOffset);
            Vector256.MinNative(Vector256.MaxNative(l + cr * Vector256.Create(Bt601.CrToR), zero), max).StoreUnsafe(ref r, x);
            Vector256.MinNative(Vector256.MaxNative(l - cb * Vector256.Create(Bt601.CbToG) - cr * Vector256.Create(Bt601.CrToG), zero), max).StoreUnsafe(ref g, x);
            Vector256.MinNative(Vector256.MaxNative(l + cb * Vector256.Create(Bt601.CbToB), zero), max).StoreUnsafe(ref b, x);
        }
        else
        {
            StoreYuv(Vector128.ConvertToSingle(yLo), Vector128.ConvertToSingle(uLo), Vector128.ConvertToSingle(vLo), ref r, ref g, ref b, x);
            StoreYuv(Vector128.ConvertToSingle(yHi), Vector128.ConvertToSingle(uHi), Vector128.ConvertToSingle(vHi), ref r, ref g, ref b, x + 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreYuv(Vector128<float> luma, Vector128<float> u, Vector128<float> v,
        ref float r, ref float g, ref float b, nuint x)
    {
        var zero = Vector128<float>.Zero;
        var max = Vector128.Create(255f);
        var l = (luma - Vector128.Create(Bt601.YOffset)) * Vector128.Create(Bt601.YScale);
        var cb = u - Vector128.Create(Bt601.ChromaOffset);
        var cr = v - Vector128.Create(Bt601.ChromaOffset);
        Vector128.MinNative(Vector128.MaxNative(l + cr * Vector128.Create(Bt601.CrToR), zero), max).StoreUnsafe(ref r, x);
        Vector128.MinNative(Vector128.MaxNative(l - cb * Vector128.Create(Bt601.CbToG) - cr * Vector128.Create(Bt601.CrToG), zero), max).StoreUnsafe(ref g, x);
        Vector128.MinNative(Vector128.MaxNative(l + cb * Vector128.Create(Bt601.CbToB), zero), max).StoreUnsafe(ref b, x);
    }

    private static int Gray8(in ImageView image, int y, Span<float> r, Span<float> g, Span<float> b)
    {
        ReadOnlySpan<byte> data = image.Data;
        int row = y * image.Stride, width = image.Width, x = 0;
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref float rr = ref MemoryMarshal.GetReference(r), gg = ref MemoryMarshal.GetReference(g), bb = ref MemoryMarshal.GetReference(b);
        for (; x + 16 <= width; x += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref src, (nuint)(row + x));
            var (lo16, hi16) = Vector128.Widen(bytes);
            var (a, bq) = Vector128.Widen(lo16);
            var (c, d) = Vector128.Widen(hi16);
            Span4(Vector128.ConvertToSingle(a.AsInt32()), ref rr, ref gg, ref bb, (nuint)x);
            Span4(Vector128.ConvertToSingle(bq.AsInt32()), ref rr, ref gg, ref bb, (nuint)x + 4);
            Span4(Vector128.ConvertToSingle(c.AsInt32()), ref rr, ref gg, ref bb, (nuint)x + 8);
            Span4(Vector128.ConvertToSingle(d.AsInt32()), ref rr, ref gg, ref bb, (nuint)x + 12);
        }
        return x;

        static void Span4(Vector128<float> v, ref float r, ref float g, ref float b, nuint at)
        {
            v.StoreUnsafe(ref r, at); v.StoreUnsafe(ref g, at); v.StoreUnsafe(ref b, at);
        }
    }

    /// <summary>RGB24 or BGR24: c0/c1/c2 are the planes for the first, second and third byte of a pixel.</summary>
    private static int Packed3(in ImageView image, int y, Span<float> c0, Span<float> c1, Span<float> c2)
    {
        ReadOnlySpan<byte> data = image.Data;
        int row = y * image.Stride, width = image.Width, x = 0;
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref float p0 = ref MemoryMarshal.GetReference(c0), p1 = ref MemoryMarshal.GetReference(c1), p2 = ref MemoryMarshal.GetReference(c2);
        var i0 = Vector128.Create((byte)0, Z, Z, Z, 3, Z, Z, Z, 6, Z, Z, Z, 9, Z, Z, Z);
        var i1 = Vector128.Create((byte)1, Z, Z, Z, 4, Z, Z, Z, 7, Z, Z, Z, 10, Z, Z, Z);
        var i2 = Vector128.Create((byte)2, Z, Z, Z, 5, Z, Z, Z, 8, Z, Z, Z, 11, Z, Z, Z);
        // Four pixels per 16-byte load (12 used): the load must stay inside the buffer.
        for (; x + 4 <= width && row + 3 * x + 16 <= data.Length; x += 4)
        {
            var bytes = Vector128.LoadUnsafe(ref src, (nuint)(row + 3 * x));
            Lanes(bytes, i0).StoreUnsafe(ref p0, (nuint)x);
            Lanes(bytes, i1).StoreUnsafe(ref p1, (nuint)x);
            Lanes(bytes, i2).StoreUnsafe(ref p2, (nuint)x);
        }
        return x;
    }

    private static int Yuyv(in ImageView image, int y, Span<float> r, Span<float> g, Span<float> b)
    {
        ReadOnlySpan<byte> data = image.Data;
        int row = y * image.Stride, width = image.Width, x = 0;
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref float rr = ref MemoryMarshal.GetReference(r), gg = ref MemoryMarshal.GetReference(g), bb = ref MemoryMarshal.GetReference(b);
        // 16 bytes = Y0 U0 Y1 V0 ... : eight pixels, four complete chroma pairs.
        var yLo = Vector128.Create((byte)0, Z, Z, Z, 2, Z, Z, Z, 4, Z, Z, Z, 6, Z, Z, Z);
        var yHi = Vector128.Create((byte)8, Z, Z, Z, 10, Z, Z, Z, 12, Z, Z, Z, 14, Z, Z, Z);
        var uLo = Vector128.Create((byte)1, Z, Z, Z, 1, Z, Z, Z, 5, Z, Z, Z, 5, Z, Z, Z);
        var uHi = Vector128.Create((byte)9, Z, Z, Z, 9, Z, Z, Z, 13, Z, Z, Z, 13, Z, Z, Z);
        var vLo = Vector128.Create((byte)3, Z, Z, Z, 3, Z, Z, Z, 7, Z, Z, Z, 7, Z, Z, Z);
        var vHi = Vector128.Create((byte)11, Z, Z, Z, 11, Z, Z, Z, 15, Z, Z, Z, 15, Z, Z, Z);
        for (; x + 8 <= width; x += 8)
        {
            var bytes = Vector128.LoadUnsafe(ref src, (nuint)(row + 2 * x));
            StoreYuv8(Gather(bytes, yLo), Gather(bytes, yHi), Gather(bytes, uLo), Gather(bytes, uHi), Gather(bytes, vLo), Gather(bytes, vHi),
                ref rr, ref gg, ref bb, (nuint)x);
        }
        return x;
    }

    private static int Nv12(in ImageView image, int y, Span<float> r, Span<float> g, Span<float> b)
    {
        ReadOnlySpan<byte> data = image.Data;
        int stride = image.Stride, width = image.Width, x = 0;
        int row = y * stride, uvRow = stride * image.Height + (y >> 1) * stride;
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref float rr = ref MemoryMarshal.GetReference(r), gg = ref MemoryMarshal.GetReference(g), bb = ref MemoryMarshal.GetReference(b);
        var y0 = Vector128.Create((byte)0, Z, Z, Z, 1, Z, Z, Z, 2, Z, Z, Z, 3, Z, Z, Z);
        var y1 = Vector128.Create((byte)4, Z, Z, Z, 5, Z, Z, Z, 6, Z, Z, Z, 7, Z, Z, Z);
        var y2 = Vector128.Create((byte)8, Z, Z, Z, 9, Z, Z, Z, 10, Z, Z, Z, 11, Z, Z, Z);
        var y3 = Vector128.Create((byte)12, Z, Z, Z, 13, Z, Z, Z, 14, Z, Z, Z, 15, Z, Z, Z);
        var u0 = Vector128.Create((byte)0, Z, Z, Z, 0, Z, Z, Z, 2, Z, Z, Z, 2, Z, Z, Z);
        var u1 = Vector128.Create((byte)4, Z, Z, Z, 4, Z, Z, Z, 6, Z, Z, Z, 6, Z, Z, Z);
        var u2 = Vector128.Create((byte)8, Z, Z, Z, 8, Z, Z, Z, 10, Z, Z, Z, 10, Z, Z, Z);
        var u3 = Vector128.Create((byte)12, Z, Z, Z, 12, Z, Z, Z, 14, Z, Z, Z, 14, Z, Z, Z);
        var v0 = Vector128.Create((byte)1, Z, Z, Z, 1, Z, Z, Z, 3, Z, Z, Z, 3, Z, Z, Z);
        var v1 = Vector128.Create((byte)5, Z, Z, Z, 5, Z, Z, Z, 7, Z, Z, Z, 7, Z, Z, Z);
        var v2 = Vector128.Create((byte)9, Z, Z, Z, 9, Z, Z, Z, 11, Z, Z, Z, 11, Z, Z, Z);
        var v3 = Vector128.Create((byte)13, Z, Z, Z, 13, Z, Z, Z, 15, Z, Z, Z, 15, Z, Z, Z);
        // 16 pixels: 16 luma bytes and 8 complete U,V pairs. The UV load is the last thing in the buffer for the
        // bottom row, so it is bounded by the buffer length.
        for (; x + 16 <= width && uvRow + x + 16 <= data.Length; x += 16)
        {
            var luma = Vector128.LoadUnsafe(ref src, (nuint)(row + x));
            var uv = Vector128.LoadUnsafe(ref src, (nuint)(uvRow + x));
            StoreYuv8(Gather(luma, y0), Gather(luma, y1), Gather(uv, u0), Gather(uv, u1), Gather(uv, v0), Gather(uv, v1), ref rr, ref gg, ref bb, (nuint)x);
            StoreYuv8(Gather(luma, y2), Gather(luma, y3), Gather(uv, u2), Gather(uv, u3), Gather(uv, v2), Gather(uv, v3), ref rr, ref gg, ref bb, (nuint)x + 8);
        }
        return x;
    }

    private static int I420(in ImageView image, int y, Span<float> r, Span<float> g, Span<float> b)
    {
        ReadOnlySpan<byte> data = image.Data;
        int stride = image.Stride, width = image.Width, x = 0;
        int chromaStride = (stride + 1) / 2, chromaRows = (image.Height + 1) / 2;
        int row = y * stride;
        int uRow = stride * image.Height + (y >> 1) * chromaStride;
        int vRow = uRow + chromaStride * chromaRows;
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref float rr = ref MemoryMarshal.GetReference(r), gg = ref MemoryMarshal.GetReference(g), bb = ref MemoryMarshal.GetReference(b);
        var y0 = Vector128.Create((byte)0, Z, Z, Z, 1, Z, Z, Z, 2, Z, Z, Z, 3, Z, Z, Z);
        var y1 = Vector128.Create((byte)4, Z, Z, Z, 5, Z, Z, Z, 6, Z, Z, Z, 7, Z, Z, Z);
        var y2 = Vector128.Create((byte)8, Z, Z, Z, 9, Z, Z, Z, 10, Z, Z, Z, 11, Z, Z, Z);
        var y3 = Vector128.Create((byte)12, Z, Z, Z, 13, Z, Z, Z, 14, Z, Z, Z, 15, Z, Z, Z);
        var c0 = Vector128.Create((byte)0, Z, Z, Z, 0, Z, Z, Z, 1, Z, Z, Z, 1, Z, Z, Z);
        var c1 = Vector128.Create((byte)2, Z, Z, Z, 2, Z, Z, Z, 3, Z, Z, Z, 3, Z, Z, Z);
        var c2 = Vector128.Create((byte)4, Z, Z, Z, 4, Z, Z, Z, 5, Z, Z, Z, 5, Z, Z, Z);
        var c3 = Vector128.Create((byte)6, Z, Z, Z, 6, Z, Z, Z, 7, Z, Z, Z, 7, Z, Z, Z);
        // 16 pixels: 16 luma bytes, 8 U and 8 V bytes (16-byte loads, so bounded by the buffer length).
        for (; x + 16 <= width && vRow + x / 2 + 16 <= data.Length; x += 16)
        {
            var luma = Vector128.LoadUnsafe(ref src, (nuint)(row + x));
            var u = Vector128.LoadUnsafe(ref src, (nuint)(uRow + x / 2));
            var v = Vector128.LoadUnsafe(ref src, (nuint)(vRow + x / 2));
            StoreYuv8(Gather(luma, y0), Gather(luma, y1), Gather(u, c0), Gather(u, c1), Gather(v, c0), Gather(v, c1), ref rr, ref gg, ref bb, (nuint)x);
            StoreYuv8(Gather(luma, y2), Gather(luma, y3), Gather(u, c2), Gather(u, c3), Gather(v, c2), Gather(v, c3), ref rr, ref gg, ref bb, (nuint)x + 8);
        }
        return x;
    }
}
