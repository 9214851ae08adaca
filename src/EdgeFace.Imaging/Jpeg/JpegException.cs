namespace EdgeFace.Imaging.Jpeg;

/// <summary>A JPEG that turbojpeg could not read or write; the message is turbojpeg's own.</summary>
public sealed class JpegException : Exception
{
    public JpegException(string message) : base(message) { }
}
