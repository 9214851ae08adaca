namespace EdgeFace.Core.Faces;

/// <summary>Point layouts the runtime knows about.</summary>
public static class LandmarkScheme
{
    /// <summary>iBUG 300-W 68-point layout (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67).</summary>
    public const string Ibug68 = "ibug68";

    /// <summary>Outer eye corners used for inter-ocular normalisation in the 68-point layout.</summary>
    public const int Ibug68OuterLeftEye = 36, Ibug68OuterRightEye = 45;

    /// <summary>
    /// Horizontal-flip permutation of the 68 points: index i of a mirrored face holds point FlipIbug68[i]
    /// of the original (left and right swap, the centre line stays).
    /// </summary>
    public static ReadOnlySpan<byte> FlipIbug68 =>
    [
        16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
        26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
        27, 28, 29, 30,
        35, 34, 33, 32, 31,
        45, 44, 43, 42, 47, 46,
        39, 38, 37, 36, 41, 40,
        54, 53, 52, 51, 50, 49, 48,
        59, 58, 57, 56, 55,
        64, 63, 62, 61, 60,
        67, 66, 65,
    ];
}
