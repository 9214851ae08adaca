namespace EdgeFace.Core.Frames;

/// <summary>
/// A borrowed, read-only view of pixels: what converters and models read from. It never owns memory,
/// so building one costs nothing on the per-frame path.
/// </summary>
public readonly ref struct ImageView
{
    public ImageView(ReadOnlySpan<byte> data, PixelFormat format, int width, int height, int stride)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is not positive");
        if (format != PixelFormat.Jpeg)
        {
            if (stride < PixelFormatInfo.MinimumStride(format, width))
                throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} is smaller than a {format} row of {width} pixels");
            int need = PixelFormatInfo.FrameSize(format, height, stride);
            if (data.Length < need)
                throw new ArgumentException($"{format} {width}x{height} stride {stride} needs {need} bytes, got {data.Length}", nameof(data));
        }
        Data = data; Format = format; Width = width; Height = height; Stride = stride;
    }

    public ReadOnlySpan<byte> Data { get; }
    public PixelFormat Format { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Bytes per row of the first plane.</summary>
    public int Stride { get; }
}
