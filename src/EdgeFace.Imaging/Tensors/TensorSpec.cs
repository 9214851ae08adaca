using System.Numerics;

namespace EdgeFace.Imaging;

/// <summary>
/// NCHW planar tensor of 3 channels in <see cref="Order"/>; element = (pixel - Mean[c]) * Scale[c], pixel 0..255,
/// c in the tensor's own order (so for <see cref="ChannelOrder.Bgr"/>, Mean.X applies to blue).
/// </summary>
public readonly record struct TensorSpec(int Width, int Height, ChannelOrder Order, Vector3 Mean, Vector3 Scale)
{
    /// <summary>Elements in one tensor (3 × Width × Height).</summary>
    public int ElementCount => 3 * Width * Height;

    /// <summary>Pixels 0..255 unchanged (mean 0, scale 1).</summary>
    public static TensorSpec Raw(int width, int height, ChannelOrder order = ChannelOrder.Rgb) =>
        new(width, height, order, Vector3.Zero, Vector3.One);

    internal void Validate(int destinationLength)
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"tensor size {Width}x{Height} is not positive");
        if (destinationLength < ElementCount)
            throw new ArgumentException($"a 3x{Height}x{Width} tensor needs {ElementCount} elements, the destination has {destinationLength}", nameof(destinationLength));
    }
}
