namespace EdgeFace.Imaging;

/// <summary>An image file that is damaged, or valid but in a variant EdgeFace does not read.</summary>
public sealed class ImageFormatException : Exception
{
    public ImageFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
