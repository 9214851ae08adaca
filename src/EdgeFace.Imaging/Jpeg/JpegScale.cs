namespace EdgeFace.Imaging.Jpeg;

/// <summary>
/// Decode-time downscaling, done inside the IDCT so it costs less than a full decode (an MJPEG 1280×720 frame
/// decoded at <see cref="Half"/> is plenty for a 320×240 detector). The value is the denominator.
/// </summary>
public enum JpegScale
{
    Full = 1,
    Half = 2,
    Quarter = 4,
    Eighth = 8,
}
