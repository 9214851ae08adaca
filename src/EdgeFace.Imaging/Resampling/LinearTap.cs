using System.Runtime.CompilerServices;

namespace EdgeFace.Imaging.Resampling;

/// <summary>
/// One destination sample of a 1-D linear resize, in OpenCV's INTER_LINEAR convention:
/// src = (dst + 0.5) · (srcSize / dstSize) − 0.5, and a position left of the first or right of the last pixel
/// centre clamps to that edge pixel (weight 0).
/// </summary>
internal static class LinearTap
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(int destination, int sourceSize, int destinationSize, out int index0, out int index1, out float weight)
    {
        double scale = (double)sourceSize / destinationSize;
        float f = (float)((destination + 0.5) * scale - 0.5);
        int i = (int)MathF.Floor(f);
        float w = f - i;
        if (i < 0) { i = 0; w = 0; }
        if (i >= sourceSize - 1) { i = sourceSize - 1; w = 0; }
        index0 = i;
        index1 = Math.Min(i + 1, sourceSize - 1);
        weight = w;
    }
}
