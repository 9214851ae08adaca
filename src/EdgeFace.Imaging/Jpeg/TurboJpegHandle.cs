using Microsoft.Win32.SafeHandles;

namespace EdgeFace.Imaging.Jpeg;

/// <summary>A tjhandle (compressor or decompressor) destroyed exactly once, even if the owner forgets to dispose.</summary>
internal sealed class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TurboJpegHandle() : base(ownsHandle: true) { }

    public static TurboJpegHandle Create(bool compress)
    {
        TurboJpegNative.EnsureLoaded();
        var handle = new TurboJpegHandle();
        handle.SetHandle(compress ? TurboJpegNative.InitCompress() : TurboJpegNative.InitDecompress());
        if (handle.IsInvalid) throw new InvalidOperationException($"turbojpeg could not create a {(compress ? "compressor" : "decompressor")}");
        return handle;
    }

    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
