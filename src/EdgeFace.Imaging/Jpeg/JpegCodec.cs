using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Jpeg;

/// <summary>
/// JPEG decode and encode through libjpeg-turbo's TurboJPEG API. Not thread-safe: use one instance per thread
/// (a capture or inference loop keeps its own). Decoding writes into a caller-provided buffer and allocates
/// nothing; a corrupt or truncated JPEG throws <see cref="JpegException"/> with turbojpeg's message.
/// </summary>
public sealed unsafe class JpegCodec : IDisposable
{
    private TurboJpegHandle? _decompressor;
    private TurboJpegHandle? _compressor;
    private bool _disposed;

    /// <summary>Whether libturbojpeg.so.0 can be loaded on this machine.</summary>
    public static bool IsAvailable => TurboJpegNative.IsAvailable;

    /// <summary>Creates a codec; throws <see cref="DllNotFoundException"/> naming the package when libturbojpeg0 is missing.</summary>
    public JpegCodec() => TurboJpegNative.EnsureLoaded();

    /// <summary>Reads the size and subsampling; throws <see cref="ImageLimitException"/> for an image beyond <see cref="ImageLimits"/>.</summary>
    public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg)
    {
        var handle = Decompressor();
        CheckInput(jpeg);
        fixed (byte* p = jpeg)
        {
            if (TurboJpegNative.DecompressHeader3(handle, p, (nuint)jpeg.Length, out int w, out int h, out int sub, out _) != 0)
                throw Error(ref _decompressor, "cannot read JPEG header");
            if (w <= 0 || h <= 0) throw new JpegException($"cannot read JPEG header: image size {w}x{h}");
            // Every caller sizes its buffer from this header: refuse a hostile claim before any of them allocates.
            ImageLimits.Check(w, h);
            // Range checks, not Enum.IsDefined: its per-type cache hangs off a weak handle, so after every
            // garbage collection the next call allocates it again (~0.5 kB on the per-frame path).
            var subsampling = sub is >= (int)JpegSubsampling.Yuv444 and <= (int)JpegSubsampling.Yuv411 ? (JpegSubsampling)sub : JpegSubsampling.Unknown;
            return new JpegHeader(w, h, subsampling);
        }
    }

    /// <summary>Bytes a tightly packed decode of <paramref name="header"/> at <paramref name="scale"/> into <paramref name="format"/> needs.</summary>
    public static int DecodedSize(in JpegHeader header, PixelFormat format, JpegScale scale = JpegScale.Full) =>
        BytesPerPixel(format) * header.ScaledWidth(scale) * header.ScaledHeight(scale);

    /// <summary>
    /// Decodes into <paramref name="destination"/> as Rgb24, Bgr24 or Gray8, optionally downscaled, and returns a view
    /// of the decoded pixels (ready for <see cref="TensorWriter"/>). <paramref name="stride"/> 0 means tightly packed.
    /// </summary>
    public ImageView Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, PixelFormat format, JpegScale scale = JpegScale.Full, int stride = 0)
    {
        var header = ReadHeader(jpeg);
        return Decode(jpeg, header, destination, format, scale, stride);
    }

    /// <summary>As <see cref="Decode(ReadOnlySpan{byte}, Span{byte}, PixelFormat, JpegScale, int)"/> with a header already read.</summary>
    public ImageView Decode(ReadOnlySpan<byte> jpeg, JpegHeader header, Span<byte> destination, PixelFormat format, JpegScale scale = JpegScale.Full, int stride = 0)
    {
        var handle = Decompressor();
        CheckInput(jpeg);
        if (scale is not (JpegScale.Full or JpegScale.Half or JpegScale.Quarter or JpegScale.Eighth)) throw new ArgumentOutOfRangeException(nameof(scale), $"unsupported JPEG scale {(int)scale}");
        int width = header.ScaledWidth(scale), height = header.ScaledHeight(scale);
        int bpp = BytesPerPixel(format);
        if (stride == 0) stride = width * bpp;
        if (stride < width * bpp) throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} is smaller than a {format} row of {width} pixels");
        long need = (long)stride * height;
        if (destination.Length < need)
            throw new ArgumentException($"decoding {width}x{height} {format} needs {need} bytes, the destination has {destination.Length}", nameof(destination));
        fixed (byte* src = jpeg)
        fixed (byte* dst = destination)
        {
            if (TurboJpegNative.Decompress2(handle, src, (nuint)jpeg.Length, dst, width, stride, height, NativeFormat(format), 0) != 0)
                throw Error(ref _decompressor, "cannot decode JPEG");
        }
        return new ImageView(destination[..(stride * height)], format, width, height, stride);
    }

    /// <summary>Upper bound of an encoded image's size (turbojpeg's tjBufSize for 4:2:0).</summary>
    public static int MaxEncodedSize(int width, int height)
    {
        TurboJpegNative.EnsureLoaded();
        return checked((int)TurboJpegNative.BufSize(width, height, (int)JpegSubsampling.Yuv420));
    }

    /// <summary>
    /// Encodes Rgb24, Bgr24 or Gray8 pixels into <paramref name="destination"/> (at least <see cref="MaxEncodedSize"/>
    /// bytes) with 4:2:0 chroma (gray for Gray8) and returns the byte count. Allocates nothing.
    /// </summary>
    public int Encode(in ImageView image, Span<byte> destination, int quality = 85)
    {
        var handle = Compressor();
        CheckQuality(quality);
        int bound = MaxEncodedSize(image.Width, image.Height);
        if (destination.Length < bound)
            throw new ArgumentException($"encoding {image.Width}x{image.Height} may need {bound} bytes, the destination has {destination.Length}", nameof(destination));
        fixed (byte* src = image.Data)
        fixed (byte* dst = destination)
        {
            byte* output = dst;
            nuint size = (nuint)destination.Length;
            if (TurboJpegNative.Compress2(handle, src, image.Width, image.Stride, image.Height, NativeFormat(image.Format), ref output, ref size,
                    Subsampling(image.Format), quality, TurboJpegNative.FlagNoRealloc) != 0)
                throw Error(ref _compressor, "cannot encode JPEG");
            return (int)size;
        }
    }

    /// <summary>Encodes into a new array of the exact size (snapshots; not for the per-frame path).</summary>
    public byte[] Encode(in ImageView image, int quality = 85)
    {
        var handle = Compressor();
        CheckQuality(quality);
        fixed (byte* src = image.Data)
        {
            byte* output = null;
            nuint size = 0;
            try
            {
                if (TurboJpegNative.Compress2(handle, src, image.Width, image.Stride, image.Height, NativeFormat(image.Format), ref output, ref size,
                        Subsampling(image.Format), quality, 0) != 0)
                    throw Error(ref _compressor, "cannot encode JPEG");
                return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
            }
            finally
            {
                if (output is not null) TurboJpegNative.Free(output);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _decompressor?.Dispose();
        _compressor?.Dispose();
    }

    private TurboJpegHandle Decompressor()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _decompressor ??= TurboJpegHandle.Create(compress: false);
    }

    private TurboJpegHandle Compressor()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _compressor ??= TurboJpegHandle.Create(compress: true);
    }

    private static void CheckInput(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.IsEmpty) throw new JpegException("JPEG data is empty");
        ImageLimits.CheckEncoded(jpeg.Length);
    }

    private static void CheckQuality(int quality)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), $"JPEG quality {quality} is outside 1..100");
    }

    private static int BytesPerPixel(PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Gray8 => 1,
        _ => throw new NotSupportedException($"JPEG pixels can be {PixelFormat.Rgb24}, {PixelFormat.Bgr24} or {PixelFormat.Gray8}, not {format}"),
    };

    private static int NativeFormat(PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => TurboJpegNative.PixelRgb,
        PixelFormat.Bgr24 => TurboJpegNative.PixelBgr,
        PixelFormat.Gray8 => TurboJpegNative.PixelGray,
        _ => throw new NotSupportedException($"JPEG pixels can be {PixelFormat.Rgb24}, {PixelFormat.Bgr24} or {PixelFormat.Gray8}, not {format}"),
    };

    private static int Subsampling(PixelFormat format) =>
        (int)(format == PixelFormat.Gray8 ? JpegSubsampling.Gray : JpegSubsampling.Yuv420);

    /// <summary>
    /// Builds the exception from turbojpeg's message and drops the handle: libjpeg-turbo 2.1 leaves a decompressor
    /// that failed inside the headers in a state where the next header read "succeeds" with a 0x0 image, so the
    /// next call starts from a fresh one (errors are rare, creating a handle is cheap).
    /// </summary>
    private static JpegException Error(ref TurboJpegHandle? handle, string what)
    {
        string message = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)TurboJpegNative.GetErrorStr2(handle!)) ?? "unknown error";
        handle!.Dispose();
        handle = null;
        return new JpegException($"{what}: {message}");
    }
}
