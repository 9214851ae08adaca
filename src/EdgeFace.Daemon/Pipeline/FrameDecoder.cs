using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Pipeline;

/// <summary>
/// Decodes compressed frames (MJPEG cameras, JPEG files) to RGB24 in a buffer it keeps, so steady-state decoding
/// allocates nothing; the buffer grows only when a larger frame arrives.
/// </summary>
public sealed class FrameDecoder : IDisposable
{
    private JpegCodec? _jpeg;
    private byte[] _rgb = [];

    public ImageView Decode(ReadOnlySpan<byte> jpeg)
    {
        _jpeg ??= new JpegCodec();
        try
        {
            var header = _jpeg.ReadHeader(jpeg);
            int size = JpegCodec.DecodedSize(header, PixelFormat.Rgb24);
            if (_rgb.Length < size) _rgb = GC.AllocateUninitializedArray<byte>(size, pinned: true);
            return _jpeg.Decode(jpeg, _rgb, PixelFormat.Rgb24);
        }
        catch (JpegException e)
        {
            throw new FrameDecodeException($"JPEG could not be decoded: {e.Message}", e);
        }
        catch (ImageLimitException e)
        {
            throw new FrameDecodeException($"JPEG frame refused: {e.Message}", e);
        }
    }

    public void Dispose() => _jpeg?.Dispose();
}
