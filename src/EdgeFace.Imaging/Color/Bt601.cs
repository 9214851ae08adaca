using System.Runtime.CompilerServices;

namespace EdgeFace.Imaging.Color;

/// <summary>
/// BT.601 limited-range ("studio swing", Y 16..235, Cb/Cr 16..240) YCbCr → RGB, the encoding V4L2 webcams and
/// camera ISPs deliver. Computed in float (not fixed point) so resized values keep sub-level precision; results
/// are clamped to 0..255 but not rounded. The scalar and SIMD paths perform the same float operations in the same
/// order, so they agree bit for bit on conversion.
/// </summary>
internal static class Bt601
{
    public const float YOffset = 16f;
    public const float ChromaOffset = 128f;
    /// <summary>255/219: stretches the 219 luma steps to the full 0..255 range.</summary>
    public const float YScale = 255f / 219f;
    // Kr = 0.299, Kb = 0.114; chroma spans 224 steps.
    public const float CrToR = 1.402f * 255f / 224f;
    public const float CbToG = 0.344136f * 255f / 224f;
    public const float CrToG = 0.714136f * 255f / 224f;
    public const float CbToB = 1.772f * 255f / 224f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToRgb(int y, int u, int v, out float r, out float g, out float b)
    {
        float luma = ((float)y - YOffset) * YScale;
        float cb = (float)u - ChromaOffset, cr = (float)v - ChromaOffset;
        r = Clamp(luma + cr * CrToR);
        g = Clamp(luma - cb * CbToG - cr * CrToG);
        b = Clamp(luma + cb * CbToB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float x) => MathF.Min(MathF.Max(x, 0f), 255f);
}
