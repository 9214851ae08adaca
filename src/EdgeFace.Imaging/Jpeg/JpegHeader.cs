namespace EdgeFace.Imaging.Jpeg;

/// <summary>What a JPEG header says: full-size dimensions and chroma subsampling.</summary>
public readonly record struct JpegHeader(int Width, int Height, JpegSubsampling Subsampling)
{
    /// <summary>Width after decoding at <paramref name="scale"/> (rounded up, as libjpeg does).</summary>
    public int ScaledWidth(JpegScale scale) => (Width + (int)scale - 1) / (int)scale;

    /// <summary>Height after decoding at <paramref name="scale"/> (rounded up, as libjpeg does).</summary>
    public int ScaledHeight(JpegScale scale) => (Height + (int)scale - 1) / (int)scale;
}
