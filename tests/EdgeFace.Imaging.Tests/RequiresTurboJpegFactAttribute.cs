using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Imaging.Tests;

/// <summary>A fact that needs libturbojpeg.so.0; skipped with the package name where it is missing.</summary>
public sealed class RequiresTurboJpegFactAttribute : FactAttribute
{
    public RequiresTurboJpegFactAttribute()
    {
        if (!JpegCodec.IsAvailable) Skip = "libturbojpeg.so.0 is not installed (Debian package libturbojpeg0; ./test.sh installs it)";
    }
}
