namespace EdgeFace.Imaging;

/// <summary>Image file formats recognised by their first bytes.</summary>
public enum ImageFileFormat
{
    Unknown,
    Jpeg,
    Png,
    /// <summary>Binary PGM (P5) or PPM (P6).</summary>
    Pnm,
}
