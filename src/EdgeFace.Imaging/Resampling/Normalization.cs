using System.Runtime.CompilerServices;

namespace EdgeFace.Imaging.Resampling;

/// <summary>Per-plane mean and scale in tensor order, and RGB → tensor plane order.</summary>
internal readonly struct Normalization
{
    public readonly float Mean0, Mean1, Mean2, Scale0, Scale1, Scale2;
    public readonly bool Bgr;

    public Normalization(in TensorSpec spec)
    {
        Mean0 = spec.Mean.X; Mean1 = spec.Mean.Y; Mean2 = spec.Mean.Z;
        Scale0 = spec.Scale.X; Scale1 = spec.Scale.Y; Scale2 = spec.Scale.Z;
        Bgr = spec.Order == ChannelOrder.Bgr;
    }

    public float Mean(int plane) => plane == 0 ? Mean0 : plane == 1 ? Mean1 : Mean2;
    public float Scale(int plane) => plane == 0 ? Scale0 : plane == 1 ? Scale1 : Scale2;

    /// <summary>Which tensor plane receives the red (0), green (1) or blue (2) channel.</summary>
    public int PlaneOf(int rgbChannel) => Bgr ? 2 - rgbChannel : rgbChannel;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> tensor, int index, int plane, float r, float g, float b)
    {
        float c0 = Bgr ? b : r, c2 = Bgr ? r : b;
        tensor[index] = (c0 - Mean0) * Scale0;
        tensor[plane + index] = (g - Mean1) * Scale1;
        tensor[2 * plane + index] = (c2 - Mean2) * Scale2;
    }
}
