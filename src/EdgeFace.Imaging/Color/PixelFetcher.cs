using System.Runtime.CompilerServices;
using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Color;

/// <summary>
/// Reads one pixel of any raw <see cref="PixelFormat"/> as RGB floats. This is the scalar reference every faster
/// path is tested against, and what the affine warp (a gather by nature) samples with.
/// </summary>
/// <remarks>
/// Chroma is taken from the pixel's own 2×1 (YUYV) or 2×2 (NV12, I420) block, without interpolation, as V4L2
/// and libjpeg's "no fancy upsampling" do. In an odd-width image the last column's chroma pair may be cut off by
/// the row (YUYV always, NV12 when the stride is the bare width): a missing V sample reads as 128 (neutral).
/// </remarks>
internal readonly ref struct PixelFetcher
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly PixelFormat _format;
    private readonly int _stride;
    private readonly int _chromaOffset;   // NV12: UV plane; I420: U plane
    private readonly int _chromaOffset2;  // I420: V plane
    private readonly int _chromaStride;

    public PixelFetcher(in ImageView image)
    {
        _data = image.Data; _format = image.Format; _stride = image.Stride;
        Width = image.Width; Height = image.Height;
        switch (_format)
        {
            case PixelFormat.Nv12:
                _chromaOffset = _stride * Height; _chromaStride = _stride; break;
            case PixelFormat.I420:
                _chromaStride = (_stride + 1) / 2;
                _chromaOffset = _stride * Height;
                _chromaOffset2 = _chromaOffset + _chromaStride * ((Height + 1) / 2);
                break;
            case PixelFormat.Gray8 or PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Yuyv:
                break;
            default:
                throw new NotSupportedException($"{_format} cannot be read as pixels; decode it first (JpegCodec)");
        }
    }

    public int Width { get; }
    public int Height { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rgb(int x, int y, out float r, out float g, out float b)
    {
        int row = y * _stride;
        switch (_format)
        {
            case PixelFormat.Gray8:
                r = g = b = _data[row + x];
                return;
            case PixelFormat.Rgb24:
                r = _data[row + 3 * x]; g = _data[row + 3 * x + 1]; b = _data[row + 3 * x + 2];
                return;
            case PixelFormat.Bgr24:
                b = _data[row + 3 * x]; g = _data[row + 3 * x + 1]; r = _data[row + 3 * x + 2];
                return;
            case PixelFormat.Yuyv:
            {
                int pair = row + 4 * (x >> 1);
                int v = (x | 1) < Width ? _data[pair + 3] : 128;
                Bt601.ToRgb(_data[row + 2 * x], _data[pair + 1], v, out r, out g, out b);
                return;
            }
            case PixelFormat.Nv12:
            {
                int uvColumn = x & ~1;
                int uv = _chromaOffset + (y >> 1) * _chromaStride + uvColumn;
                int v = uvColumn + 1 < _chromaStride ? _data[uv + 1] : 128;
                Bt601.ToRgb(_data[row + x], _data[uv], v, out r, out g, out b);
                return;
            }
            default: // I420
            {
                int c = (y >> 1) * _chromaStride + (x >> 1);
                Bt601.ToRgb(_data[row + x], _data[_chromaOffset + c], _data[_chromaOffset2 + c], out r, out g, out b);
                return;
            }
        }
    }
}
