using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Color;
using EdgeFace.Imaging.Diagnostics;

namespace EdgeFace.Imaging.Resampling;

/// <summary>
/// The fast resizer. Separable: each needed source row is converted once to float RGB planes (SIMD, cached for
/// the next output row), the two rows are blended vertically (SIMD), the blend is sampled horizontally through a
/// precomputed tap table, and the output row is normalised and stored (SIMD). Same sampling rule as
/// <see cref="ScalarTensorWriter"/>; only float rounding differs (the order of the two 1-D blends).
/// </summary>
internal static class VectorTensorWriter
{
    public static void Resize(in ImageView source, Span<float> destination, in TensorSpec spec, in LetterboxMap map, bool useSimd = true)
    {
        var norm = new Normalization(spec);
        int width = spec.Width, height = spec.Height, plane = width * height;
        int cw = map.ContentWidth, ch = map.ContentHeight;
        var scratch = Prepare(source.Width, cw);
        for (int v = 0; v < ch; v++)
        {
            ResampleRow(source, scratch, v, ch, cw, useSimd);
            for (int c = 0; c < 3; c++)
            {
                int p = norm.PlaneOf(c);
                var row = destination.Slice(p * plane + v * width, width);
                float mean = norm.Mean(p), scale = norm.Scale(p);
                Normalize(scratch.Line(c, cw), row, mean, scale, useSimd);
                row[cw..].Fill((0f - mean) * scale);
            }
        }
        for (int p = 0; p < 3; p++)
            destination.Slice(p * plane + ch * width, (height - ch) * width).Fill((0f - norm.Mean(p)) * norm.Scale(p));
    }

    public static void Resize(in ImageView source, Span<byte> destination, in TensorSpec spec, in LetterboxMap map, bool useSimd = true)
    {
        var norm = new Normalization(spec);
        int width = spec.Width, height = spec.Height, plane = width * height;
        int cw = map.ContentWidth, ch = map.ContentHeight;
        var scratch = Prepare(source.Width, cw);
        for (int v = 0; v < ch; v++)
        {
            ResampleRow(source, scratch, v, ch, cw, useSimd);
            for (int c = 0; c < 3; c++)
            {
                var row = destination.Slice(norm.PlaneOf(c) * plane + v * width, width);
                var line = scratch.Line(c, cw);
                for (int u = 0; u < cw; u++) row[u] = ScalarTensorWriter.ToByte(line[u]);
                row[cw..].Clear();
            }
        }
        for (int p = 0; p < 3; p++)
            destination.Slice(p * plane + ch * width, (height - ch) * width).Clear();
    }

    private static ResizeScratch Prepare(int sourceWidth, int contentWidth)
    {
        var scratch = ResizeScratch.For(sourceWidth, contentWidth);
        int[] x0 = scratch.X0, x1 = scratch.X1;
        float[] wx = scratch.Wx;
        bool halving = contentWidth > 0;
        for (int u = 0; u < contentWidth; u++)
        {
            LinearTap.Compute(u, sourceWidth, contentWidth, out x0[u], out x1[u], out wx[u]);
            halving &= x0[u] == 2 * u && x1[u] == 2 * u + 1 && wx[u] == wx[0];
        }
        scratch.Halving = halving;
        return scratch;
    }

    /// <summary>Fills scratch line planes with output row <paramref name="v"/> of the content area (RGB, 0..255).</summary>
    private static void ResampleRow(in ImageView source, ResizeScratch scratch, int v, int contentHeight, int contentWidth, bool useSimd)
    {
        LinearTap.Compute(v, source.Height, contentHeight, out int y0, out int y1, out float wy);
        int slot0 = EnsureRow(source, scratch, y0, keep: y1, useSimd);
        int blended = slot0;
        if (wy != 0f && y1 != y0)
        {
            int slot1 = EnsureRow(source, scratch, y1, keep: y0, useSimd);
            for (int c = 0; c < 3; c++)
                Blend(scratch.Plane(slot0, c), scratch.Plane(slot1, c), scratch.Plane(2, c), wy, useSimd);
            blended = 2;
        }
        for (int c = 0; c < 3; c++)
        {
            if (scratch.Halving && useSimd) HorizontalHalving(scratch.Plane(blended, c), scratch.Line(c, contentWidth), scratch.Wx[0]);
            else Horizontal(scratch.Plane(blended, c), scratch.Line(c, contentWidth), scratch.X0, scratch.X1, scratch.Wx);
        }
    }

    /// <summary>
    /// The horizontal pass when the output is exactly half the row (640 → 320, the common camera-to-detector case):
    /// every output reads source columns 2u and 2u+1 with one weight, so the gather becomes an even/odd split of
    /// contiguous loads (SSE shuffle on x86, UZP1/UZP2 on ARM). Same expression per element as
    /// <see cref="Horizontal"/>, so the same bits.
    /// </summary>
    private static void HorizontalHalving(ReadOnlySpan<float> row, Span<float> line, float w)
    {
        ref float src = ref MemoryMarshal.GetReference(row);
        ref float dst = ref MemoryMarshal.GetReference(line);
        int n = line.Length, u = 0;
        var vw = Vector128.Create(w);
        if (Sse.IsSupported)
        {
            KernelPathCounters.HalvingSse++;
            for (; u + 4 <= n; u += 4)
            {
                var lo = Vector128.LoadUnsafe(ref src, (nuint)(2 * u));
                var hi = Vector128.LoadUnsafe(ref src, (nuint)(2 * u + 4));
                var even = Sse.Shuffle(lo, hi, 0b10_00_10_00);
                var odd = Sse.Shuffle(lo, hi, 0b11_01_11_01);
                (even + (odd - even) * vw).StoreUnsafe(ref dst, (nuint)u);
            }
        }
        else if (AdvSimd.Arm64.IsSupported)
        {
            KernelPathCounters.HalvingAdvSimd++;
            for (; u + 4 <= n; u += 4)
            {
                var lo = Vector128.LoadUnsafe(ref src, (nuint)(2 * u));
                var hi = Vector128.LoadUnsafe(ref src, (nuint)(2 * u + 4));
                var even = AdvSimd.Arm64.UnzipEven(lo, hi);
                var odd = AdvSimd.Arm64.UnzipOdd(lo, hi);
                (even + (odd - even) * vw).StoreUnsafe(ref dst, (nuint)u);
            }
        }
        else KernelPathCounters.HalvingScalar++;
        for (; u < n; u++)
        {
            float a = Unsafe.Add(ref src, 2 * u), b = Unsafe.Add(ref src, 2 * u + 1);
            Unsafe.Add(ref dst, u) = a + (b - a) * w;
        }
    }

    /// <summary>Returns the slot holding source row y, converting it into the slot that does not hold <paramref name="keep"/>.</summary>
    private static int EnsureRow(in ImageView source, ResizeScratch scratch, int y, int keep, bool useSimd)
    {
        if (scratch.RowA == y) return 0;
        if (scratch.RowB == y) return 1;
        int slot = scratch.RowA == keep ? 1 : 0;
        RowConverter.Convert(source, y, scratch.Plane(slot, 0), scratch.Plane(slot, 1), scratch.Plane(slot, 2), useSimd);
        if (slot == 0) scratch.RowA = y; else scratch.RowB = y;
        return slot;
    }

    private static void Blend(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result, float w, bool useSimd)
    {
        int n = result.Length, i = 0;
        if (useSimd && Vector128.IsHardwareAccelerated)
        {
            ref float ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rr = ref MemoryMarshal.GetReference(result);
            if (Vector256.IsHardwareAccelerated) KernelPathCounters.BlendVector256++; else KernelPathCounters.BlendVector128++;
            if (Vector256.IsHardwareAccelerated)
            {
                var ww = Vector256.Create(w);
                for (; i + 8 <= n; i += 8)
                {
                    var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                    (va + (Vector256.LoadUnsafe(ref rb, (nuint)i) - va) * ww).StoreUnsafe(ref rr, (nuint)i);
                }
            }
            var vw = Vector128.Create(w);
            for (; i + 4 <= n; i += 4)
            {
                var va = Vector128.LoadUnsafe(ref ra, (nuint)i);
                (va + (Vector128.LoadUnsafe(ref rb, (nuint)i) - va) * vw).StoreUnsafe(ref rr, (nuint)i);
            }
        }
        else KernelPathCounters.BlendScalar++;
        for (; i < n; i++) result[i] = a[i] + (b[i] - a[i]) * w;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal(ReadOnlySpan<float> row, Span<float> line, int[] x0, int[] x1, float[] wx)
    {
        ref float src = ref MemoryMarshal.GetReference(row);
        ref float dst = ref MemoryMarshal.GetReference(line);
        ref int i0 = ref MemoryMarshal.GetArrayDataReference(x0), i1 = ref MemoryMarshal.GetArrayDataReference(x1);
        ref float w = ref MemoryMarshal.GetArrayDataReference(wx);
        // Taps were computed for this row width in Prepare, so every index is inside the row.
        for (int u = 0; u < line.Length; u++)
        {
            float a = Unsafe.Add(ref src, Unsafe.Add(ref i0, u));
            float b = Unsafe.Add(ref src, Unsafe.Add(ref i1, u));
            Unsafe.Add(ref dst, u) = a + (b - a) * Unsafe.Add(ref w, u);
        }
    }

    private static void Normalize(ReadOnlySpan<float> line, Span<float> destination, float mean, float scale, bool useSimd)
    {
        int n = line.Length, i = 0;
        if (useSimd && Vector128.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(line), dst = ref MemoryMarshal.GetReference(destination);
            if (Vector256.IsHardwareAccelerated) KernelPathCounters.NormalizeVector256++; else KernelPathCounters.NormalizeVector128++;
            if (Vector256.IsHardwareAccelerated)
            {
                var wm = Vector256.Create(mean);
                var ws = Vector256.Create(scale);
                for (; i + 8 <= n; i += 8)
                    ((Vector256.LoadUnsafe(ref src, (nuint)i) - wm) * ws).StoreUnsafe(ref dst, (nuint)i);
            }
            var vm = Vector128.Create(mean);
            var vs = Vector128.Create(scale);
            for (; i + 4 <= n; i += 4)
                ((Vector128.LoadUnsafe(ref src, (nuint)i) - vm) * vs).StoreUnsafe(ref dst, (nuint)i);
        }
        else KernelPathCounters.NormalizeScalar++;
        for (; i < n; i++) destination[i] = (line[i] - mean) * scale;
    }
}
