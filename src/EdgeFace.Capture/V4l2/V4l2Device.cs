using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace EdgeFace.Capture.V4l2;

/// <summary>An open V4L2 device node: the file descriptor plus ioctl helpers that turn errno into clear errors.</summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class V4l2Device : IDisposable
{
    private int _fd;

    private V4l2Device(string path, int fd) { Path = path; _fd = fd; }

    public string Path { get; }
    public int Fd => _fd;

    public static void EnsureSupportedProcess()
    {
        if (!OperatingSystem.IsLinux())
            throw new CaptureException(CaptureErrorKind.Configuration, "V4L2 capture is only available on Linux");
        if (!Environment.Is64BitProcess)
            throw new CaptureException(CaptureErrorKind.Configuration,
                "V4L2 capture needs a 64-bit process: EdgeFace's V4L2 struct layouts are the 64-bit kernel ABI " +
                "(32-bit armhf/i386 layouts differ). Install a 64-bit OS (e.g. Raspberry Pi OS 64-bit).");
    }

    public static V4l2Device Open(string path)
    {
        EnsureSupportedProcess();
        int fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // A missing or busy device may come back (USB replug, another process exits), so these are "lost".
            var kind = errno is Libc.ENOENT or Libc.ENODEV or Libc.ENXIO or Libc.EBUSY or Libc.EIO
                ? CaptureErrorKind.Lost : CaptureErrorKind.Configuration;
            throw new CaptureException(kind, $"cannot open {path}: {Libc.Describe(errno)}");
        }
        return new V4l2Device(path, fd);
    }

    /// <summary>Runs an ioctl, retrying on EINTR; returns 0 or the errno.</summary>
    public int TryIoctl<T>(uint request, ref T argument) where T : unmanaged
    {
        fixed (T* p = &argument)
        {
            while (true)
            {
                if (Libc.Ioctl(_fd, request, p) == 0) return 0;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR) return errno;
            }
        }
    }

    public void Ioctl<T>(uint request, ref T argument, string what) where T : unmanaged
    {
        int errno = TryIoctl(request, ref argument);
        if (errno != 0) throw Failure(what, errno);
    }

    public CaptureException Failure(string what, int errno)
    {
        var kind = IsDeviceGone(errno) ? CaptureErrorKind.Lost : CaptureErrorKind.Configuration;
        return new CaptureException(kind, $"{Path}: {what} failed: {Libc.Describe(errno)}");
    }

    /// <summary>Errors that mean the device vanished or broke, as opposed to a request it refuses.</summary>
    public static bool IsDeviceGone(int errno) => errno is Libc.ENODEV or Libc.EIO or Libc.ENXIO;

    public V4l2Capability QueryCapability()
    {
        var cap = default(V4l2Capability);
        Ioctl(V4l2Ioctl.QueryCap, ref cap, "VIDIOC_QUERYCAP");
        return cap;
    }

    /// <summary>The capabilities of this node (device_caps when the driver reports them).</summary>
    public static uint NodeCaps(in V4l2Capability cap) =>
        (cap.Capabilities & V4l2Const.CapDeviceCaps) != 0 ? cap.DeviceCaps : cap.Capabilities;

    public static string Text(byte* bytes, int max)
    {
        int n = 0;
        while (n < max && bytes[n] != 0) n++;
        return System.Text.Encoding.UTF8.GetString(bytes, n);
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Libc.Close(fd);
    }
}
