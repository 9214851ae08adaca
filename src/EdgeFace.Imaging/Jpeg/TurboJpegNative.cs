using System.Runtime.InteropServices;

namespace EdgeFace.Imaging.Jpeg;

/// <summary>
/// The TurboJPEG 2.x C API of libjpeg-turbo (Debian package libturbojpeg0). Only the functions the codec uses.
/// C <c>unsigned long</c> is pointer-sized on every Linux ABI we run on (LP64 and ILP32), hence <c>nuint</c>.
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    public const string Library = "libturbojpeg.so.0";
    public const string DebianPackage = "libturbojpeg0";

    // enum TJPF
    public const int PixelRgb = 0, PixelBgr = 1, PixelGray = 6;
    // flags
    public const int FlagNoRealloc = 1024, FlagFastDct = 2048;

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    public static partial IntPtr InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    public static partial IntPtr InitCompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    public static partial int Destroy(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize,
        out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize,
        byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    public static partial int Compress2(TurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        ref byte* jpegBuf, ref nuint jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library, EntryPoint = "tjBufSize")]
    public static partial nuint BufSize(int width, int height, int subsampling);

    [LibraryImport(Library, EntryPoint = "tjFree")]
    public static partial void Free(byte* buffer);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(TurboJpegHandle handle);

    private static readonly Lazy<string?> s_loadError = new(() =>
        NativeLibrary.TryLoad(Library, typeof(TurboJpegNative).Assembly, null, out _)
            ? null
            : $"{Library} could not be loaded: install the Debian package {DebianPackage} (apt-get install {DebianPackage})");

    /// <summary>Throws a clear error naming the package when the library is missing, instead of a bare DllNotFoundException.</summary>
    public static void EnsureLoaded()
    {
        if (s_loadError.Value is { } message) throw new DllNotFoundException(message);
    }

    public static bool IsAvailable => s_loadError.Value is null;
}
