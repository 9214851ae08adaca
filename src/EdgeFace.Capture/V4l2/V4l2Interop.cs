using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace EdgeFace.Capture.V4l2;

// The whole V4L2 kernel ABI this project uses lives in this one file: struct layouts, ioctl request numbers,
// constants and the libc entry points. Layouts are the 64-bit Linux ABI (x86_64 and arm64 are identical); a 32-bit
// process would see different sizes (pointers and timeval shrink), so V4l2Device refuses to run there.
// tests/EdgeFace.Capture.Tests compiles a C program against <linux/videodev2.h> and compares it with V4l2Abi below.

[StructLayout(LayoutKind.Explicit, Size = 104)]
internal unsafe struct V4l2Capability
{
    [FieldOffset(0)] public fixed byte Driver[16];
    [FieldOffset(16)] public fixed byte Card[32];
    [FieldOffset(48)] public fixed byte BusInfo[32];
    [FieldOffset(80)] public uint Version;
    [FieldOffset(84)] public uint Capabilities;
    [FieldOffset(88)] public uint DeviceCaps;
}

[StructLayout(LayoutKind.Explicit, Size = 64)]
internal unsafe struct V4l2FmtDesc
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public fixed byte Description[32];
    [FieldOffset(44)] public uint PixelFormat;
}

[StructLayout(LayoutKind.Explicit, Size = 44)]
internal struct V4l2FrmSizeEnum
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Type;
    // Discrete: width, height. Stepwise: min_width, max_width, step_width, min_height, max_height, step_height.
    [FieldOffset(12)] public uint Width;
    [FieldOffset(16)] public uint Height;
    [FieldOffset(12)] public uint MinWidth;
    [FieldOffset(16)] public uint MaxWidth;
    [FieldOffset(20)] public uint StepWidth;
    [FieldOffset(24)] public uint MinHeight;
    [FieldOffset(28)] public uint MaxHeight;
    [FieldOffset(32)] public uint StepHeight;
}

[StructLayout(LayoutKind.Explicit, Size = 52)]
internal struct V4l2FrmIvalEnum
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Width;
    [FieldOffset(12)] public uint Height;
    [FieldOffset(16)] public uint Type;
    // Discrete: one fraction (seconds per frame). Stepwise: min, max, step fractions.
    [FieldOffset(20)] public uint Numerator;
    [FieldOffset(24)] public uint Denominator;
    [FieldOffset(28)] public uint MaxNumerator;
    [FieldOffset(32)] public uint MaxDenominator;
}

/// <summary>struct v4l2_pix_format, the single-planar member of v4l2_format's union.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct V4l2PixFormat
{
    [FieldOffset(0)] public uint Width;
    [FieldOffset(4)] public uint Height;
    [FieldOffset(8)] public uint PixelFormat;
    [FieldOffset(12)] public uint Field;
    [FieldOffset(16)] public uint BytesPerLine;
    [FieldOffset(20)] public uint SizeImage;
    [FieldOffset(24)] public uint Colorspace;
}

[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct V4l2Format
{
    [FieldOffset(0)] public uint Type;
    // The union is 8-byte aligned because one member (v4l2_window) holds pointers.
    [FieldOffset(8)] public V4l2PixFormat Pix;
}

[StructLayout(LayoutKind.Explicit, Size = 204)]
internal struct V4l2StreamParm
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Capability;
    [FieldOffset(8)] public uint CaptureMode;
    [FieldOffset(12)] public uint TimePerFrameNumerator;
    [FieldOffset(16)] public uint TimePerFrameDenominator;
    [FieldOffset(20)] public uint ExtendedMode;
    [FieldOffset(24)] public uint ReadBuffers;
}

[StructLayout(LayoutKind.Explicit, Size = 20)]
internal struct V4l2RequestBuffers
{
    [FieldOffset(0)] public uint Count;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint Memory;
    [FieldOffset(12)] public uint Capabilities;
}

[StructLayout(LayoutKind.Explicit, Size = 88)]
internal struct V4l2Buffer
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint BytesUsed;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint Field;
    [FieldOffset(24)] public long TimestampSeconds;
    [FieldOffset(32)] public long TimestampMicroseconds;
    [FieldOffset(56)] public uint Sequence;
    [FieldOffset(60)] public uint Memory;
    [FieldOffset(64)] public uint Offset;
    [FieldOffset(72)] public uint Length;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}

internal static unsafe class V4l2Ioctl
{
    // _IOC(dir, type, nr, size) from <asm-generic/ioctl.h>: dir in bits 30-31, size in 16-29, type 8-15, nr 0-7.
    private const uint Write = 1, Read = 2;
    private static uint Ioc(uint dir, uint nr, int size) => (dir << 30) | ((uint)size << 16) | ((uint)'V' << 8) | nr;

    public static readonly uint QueryCap = Ioc(Read, 0, sizeof(V4l2Capability));
    public static readonly uint EnumFmt = Ioc(Read | Write, 2, sizeof(V4l2FmtDesc));
    public static readonly uint GetFmt = Ioc(Read | Write, 4, sizeof(V4l2Format));
    public static readonly uint SetFmt = Ioc(Read | Write, 5, sizeof(V4l2Format));
    public static readonly uint ReqBufs = Ioc(Read | Write, 8, sizeof(V4l2RequestBuffers));
    public static readonly uint QueryBuf = Ioc(Read | Write, 9, sizeof(V4l2Buffer));
    public static readonly uint QBuf = Ioc(Read | Write, 15, sizeof(V4l2Buffer));
    public static readonly uint DqBuf = Ioc(Read | Write, 17, sizeof(V4l2Buffer));
    public static readonly uint StreamOn = Ioc(Write, 18, sizeof(int));
    public static readonly uint StreamOff = Ioc(Write, 19, sizeof(int));
    public static readonly uint GetParm = Ioc(Read | Write, 21, sizeof(V4l2StreamParm));
    public static readonly uint SetParm = Ioc(Read | Write, 22, sizeof(V4l2StreamParm));
    public static readonly uint EnumFrameSizes = Ioc(Read | Write, 74, sizeof(V4l2FrmSizeEnum));
    public static readonly uint EnumFrameIntervals = Ioc(Read | Write, 75, sizeof(V4l2FrmIvalEnum));
}

internal static class V4l2Const
{
    public const uint CapVideoCapture = 0x00000001;
    public const uint CapVideoCaptureMplane = 0x00001000;
    public const uint CapStreaming = 0x04000000;
    public const uint CapDeviceCaps = 0x80000000;
    public const uint CapTimePerFrame = 0x1000; // in v4l2_captureparm.capability
    public const uint BufTypeVideoCapture = 1;
    public const uint MemoryMmap = 1;
    public const uint FieldNone = 1;
    public const uint FrmSizeDiscrete = 1, FrmSizeContinuous = 2, FrmSizeStepwise = 3;
    public const uint FrmIvalDiscrete = 1;
    public const uint FmtFlagCompressed = 0x0001;
    public const uint BufFlagError = 0x0040;
}

[SupportedOSPlatform("linux")]
internal static unsafe partial class Libc
{
    public const int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    public const short POLLIN = 1, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    public const int EINTR = 4, EIO = 5, ENXIO = 6, EAGAIN = 11, ENOENT = 2, ENODEV = 19, EINVAL = 22, EBUSY = 16, ENOTTY = 25;
    public static readonly void* MapFailed = (void*)-1;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    public static string Describe(int errno) => $"{Marshal.PtrToStringUTF8(StrError(errno))} (errno {errno})";
}

/// <summary>
/// The V4L2 ABI numbers as this assembly sees them (sizes, field offsets, ioctl requests), exposed so a test can
/// compare them with what a C compiler reports from &lt;linux/videodev2.h&gt;. Keys are the C spellings.
/// </summary>
[SupportedOSPlatform("linux")]
public static unsafe class V4l2Abi
{
    public static IReadOnlyDictionary<string, long> Values { get; } = Build();

    private static long Off<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();

    private static Dictionary<string, long> Build() => new()
    {
        ["sizeof(v4l2_capability)"] = sizeof(V4l2Capability),
        ["offsetof(v4l2_capability,version)"] = Off<V4l2Capability>(nameof(V4l2Capability.Version)),
        ["offsetof(v4l2_capability,capabilities)"] = Off<V4l2Capability>(nameof(V4l2Capability.Capabilities)),
        ["offsetof(v4l2_capability,device_caps)"] = Off<V4l2Capability>(nameof(V4l2Capability.DeviceCaps)),
        ["sizeof(v4l2_fmtdesc)"] = sizeof(V4l2FmtDesc),
        ["offsetof(v4l2_fmtdesc,flags)"] = Off<V4l2FmtDesc>(nameof(V4l2FmtDesc.Flags)),
        ["offsetof(v4l2_fmtdesc,description)"] = Off<V4l2FmtDesc>(nameof(V4l2FmtDesc.Description)),
        ["offsetof(v4l2_fmtdesc,pixelformat)"] = Off<V4l2FmtDesc>(nameof(V4l2FmtDesc.PixelFormat)),
        ["sizeof(v4l2_frmsizeenum)"] = sizeof(V4l2FrmSizeEnum),
        ["offsetof(v4l2_frmsizeenum,type)"] = Off<V4l2FrmSizeEnum>(nameof(V4l2FrmSizeEnum.Type)),
        ["offsetof(v4l2_frmsizeenum,discrete.width)"] = Off<V4l2FrmSizeEnum>(nameof(V4l2FrmSizeEnum.Width)),
        ["offsetof(v4l2_frmsizeenum,stepwise.step_height)"] = Off<V4l2FrmSizeEnum>(nameof(V4l2FrmSizeEnum.StepHeight)),
        ["sizeof(v4l2_frmivalenum)"] = sizeof(V4l2FrmIvalEnum),
        ["offsetof(v4l2_frmivalenum,type)"] = Off<V4l2FrmIvalEnum>(nameof(V4l2FrmIvalEnum.Type)),
        ["offsetof(v4l2_frmivalenum,discrete.numerator)"] = Off<V4l2FrmIvalEnum>(nameof(V4l2FrmIvalEnum.Numerator)),
        ["offsetof(v4l2_frmivalenum,stepwise.max.numerator)"] = Off<V4l2FrmIvalEnum>(nameof(V4l2FrmIvalEnum.MaxNumerator)),
        ["sizeof(v4l2_format)"] = sizeof(V4l2Format),
        ["offsetof(v4l2_format,fmt)"] = Off<V4l2Format>(nameof(V4l2Format.Pix)),
        ["sizeof(v4l2_pix_format)"] = sizeof(V4l2PixFormat),
        ["offsetof(v4l2_pix_format,pixelformat)"] = Off<V4l2PixFormat>(nameof(V4l2PixFormat.PixelFormat)),
        ["offsetof(v4l2_pix_format,field)"] = Off<V4l2PixFormat>(nameof(V4l2PixFormat.Field)),
        ["offsetof(v4l2_pix_format,bytesperline)"] = Off<V4l2PixFormat>(nameof(V4l2PixFormat.BytesPerLine)),
        ["offsetof(v4l2_pix_format,sizeimage)"] = Off<V4l2PixFormat>(nameof(V4l2PixFormat.SizeImage)),
        ["sizeof(v4l2_streamparm)"] = sizeof(V4l2StreamParm),
        ["offsetof(v4l2_streamparm,parm.capture.capability)"] = Off<V4l2StreamParm>(nameof(V4l2StreamParm.Capability)),
        ["offsetof(v4l2_streamparm,parm.capture.timeperframe)"] = Off<V4l2StreamParm>(nameof(V4l2StreamParm.TimePerFrameNumerator)),
        ["sizeof(v4l2_requestbuffers)"] = sizeof(V4l2RequestBuffers),
        ["offsetof(v4l2_requestbuffers,memory)"] = Off<V4l2RequestBuffers>(nameof(V4l2RequestBuffers.Memory)),
        ["sizeof(v4l2_buffer)"] = sizeof(V4l2Buffer),
        ["offsetof(v4l2_buffer,bytesused)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.BytesUsed)),
        ["offsetof(v4l2_buffer,flags)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.Flags)),
        ["offsetof(v4l2_buffer,timestamp)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.TimestampSeconds)),
        ["offsetof(v4l2_buffer,sequence)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.Sequence)),
        ["offsetof(v4l2_buffer,memory)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.Memory)),
        ["offsetof(v4l2_buffer,m.offset)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.Offset)),
        ["offsetof(v4l2_buffer,length)"] = Off<V4l2Buffer>(nameof(V4l2Buffer.Length)),
        ["sizeof(struct pollfd)"] = sizeof(PollFd),
        ["VIDIOC_QUERYCAP"] = V4l2Ioctl.QueryCap,
        ["VIDIOC_ENUM_FMT"] = V4l2Ioctl.EnumFmt,
        ["VIDIOC_G_FMT"] = V4l2Ioctl.GetFmt,
        ["VIDIOC_S_FMT"] = V4l2Ioctl.SetFmt,
        ["VIDIOC_REQBUFS"] = V4l2Ioctl.ReqBufs,
        ["VIDIOC_QUERYBUF"] = V4l2Ioctl.QueryBuf,
        ["VIDIOC_QBUF"] = V4l2Ioctl.QBuf,
        ["VIDIOC_DQBUF"] = V4l2Ioctl.DqBuf,
        ["VIDIOC_STREAMON"] = V4l2Ioctl.StreamOn,
        ["VIDIOC_STREAMOFF"] = V4l2Ioctl.StreamOff,
        ["VIDIOC_G_PARM"] = V4l2Ioctl.GetParm,
        ["VIDIOC_S_PARM"] = V4l2Ioctl.SetParm,
        ["VIDIOC_ENUM_FRAMESIZES"] = V4l2Ioctl.EnumFrameSizes,
        ["VIDIOC_ENUM_FRAMEINTERVALS"] = V4l2Ioctl.EnumFrameIntervals,
        ["V4L2_CAP_VIDEO_CAPTURE"] = V4l2Const.CapVideoCapture,
        ["V4L2_CAP_STREAMING"] = V4l2Const.CapStreaming,
        ["V4L2_CAP_DEVICE_CAPS"] = V4l2Const.CapDeviceCaps,
        ["V4L2_CAP_TIMEPERFRAME"] = V4l2Const.CapTimePerFrame,
        ["V4L2_BUF_TYPE_VIDEO_CAPTURE"] = V4l2Const.BufTypeVideoCapture,
        ["V4L2_MEMORY_MMAP"] = V4l2Const.MemoryMmap,
        ["V4L2_FIELD_NONE"] = V4l2Const.FieldNone,
        ["V4L2_FRMSIZE_TYPE_DISCRETE"] = V4l2Const.FrmSizeDiscrete,
        ["V4L2_FRMSIZE_TYPE_STEPWISE"] = V4l2Const.FrmSizeStepwise,
        ["V4L2_FRMIVAL_TYPE_DISCRETE"] = V4l2Const.FrmIvalDiscrete,
        ["V4L2_FMT_FLAG_COMPRESSED"] = V4l2Const.FmtFlagCompressed,
        ["V4L2_BUF_FLAG_ERROR"] = V4l2Const.BufFlagError,
        ["V4L2_PIX_FMT_YUYV"] = FourCc.Yuyv,
        ["V4L2_PIX_FMT_MJPEG"] = FourCc.Mjpeg,
        ["V4L2_PIX_FMT_JPEG"] = FourCc.Jpeg,
        ["V4L2_PIX_FMT_NV12"] = FourCc.Nv12,
        ["V4L2_PIX_FMT_YUV420"] = FourCc.Yu12,
        ["V4L2_PIX_FMT_GREY"] = FourCc.Grey,
        ["V4L2_PIX_FMT_RGB24"] = FourCc.Rgb24,
        ["V4L2_PIX_FMT_BGR24"] = FourCc.Bgr24,
        ["O_NONBLOCK"] = Libc.O_NONBLOCK,
        ["O_CLOEXEC"] = Libc.O_CLOEXEC,
        ["ENODEV"] = Libc.ENODEV,
    };
}
