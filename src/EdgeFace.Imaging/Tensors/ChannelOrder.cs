namespace EdgeFace.Imaging;

/// <summary>Order of the three colour planes in a model's input tensor.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}
