using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.V4l2;

/// <summary>
/// A V4L2 camera streamed through mmap buffers. Frames point straight into the driver's buffers (no copy); releasing
/// a frame queues its buffer again. Disposing while frames are still out keeps the mappings alive until the last
/// one comes back, so a slow consumer never reads unmapped memory.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class V4l2FrameSource : IFrameSource, IFrameOwner
{
    private readonly V4l2Request _request;
    private readonly object _gate = new();
    private V4l2Device? _device;
    private MappedBuffer[] _buffers = [];
    private Frame[] _frames = [];
    private int _lent;
    private bool _disposed;
    private PixelFormat _format;
    private int _width, _height, _stride;

    private struct MappedBuffer { public byte* Address; public nuint Length; }

    public V4l2FrameSource(V4l2Request request)
    {
        _request = request;
        Description = $"v4l2:{request.DevicePath}";
    }

    public string Description { get; private set; }

    /// <summary>What negotiation chose (valid after <see cref="Open"/>).</summary>
    public V4l2Choice Choice { get; private set; }

    /// <summary>Bytes per row the driver reported.</summary>
    public int Stride => _stride;

    /// <summary>Number of mmap buffers the driver granted.</summary>
    public int BufferCount => _buffers.Length;

    public void Open()
    {
        if (_device is not null) throw new InvalidOperationException("source is already open");
        ObjectDisposedException.ThrowIf(_disposed, this);
        var device = V4l2Device.Open(_request.DevicePath);
        try
        {
            var info = V4l2DeviceInfo.Read(device);
            if (!info.CanCapture)
                throw new CaptureException(CaptureErrorKind.Configuration,
                    $"{device.Path} ({info.Card}) is not a single-planar video capture device");
            if (!info.CanStream)
                throw new CaptureException(CaptureErrorKind.Configuration, $"{device.Path} ({info.Card}) does not support streaming I/O");

            var current = default(V4l2Format);
            current.Type = V4l2Const.BufTypeVideoCapture;
            (int, int)? currentSize = device.TryIoctl(V4l2Ioctl.GetFmt, ref current) == 0
                ? ((int)current.Pix.Width, (int)current.Pix.Height) : null;

            var choice = V4l2Negotiator.Choose(info, _request, currentSize);
            SetFormat(device, choice, info);
            choice = choice with { FramesPerSecond = SetRate(device, choice.FramesPerSecond) };
            Choice = choice;
            _device = device;
            MapBuffers(device);
            StartStreaming(device);
            Description = $"v4l2:{device.Path} ({info.Card}, {choice}, stride {_stride}, {_buffers.Length} buffers)";
        }
        catch
        {
            ReleaseMappings();
            device.Dispose();
            _device = null;
            throw;
        }
    }

    private void SetFormat(V4l2Device device, V4l2Choice choice, V4l2DeviceInfo info)
    {
        var fmt = default(V4l2Format);
        fmt.Type = V4l2Const.BufTypeVideoCapture;
        fmt.Pix.Width = (uint)choice.Width;
        fmt.Pix.Height = (uint)choice.Height;
        fmt.Pix.PixelFormat = choice.FourCc;
        fmt.Pix.Field = V4l2Const.FieldNone;
        device.Ioctl(V4l2Ioctl.SetFmt, ref fmt, "VIDIOC_S_FMT");
        if (fmt.Pix.PixelFormat != choice.FourCc || fmt.Pix.Width != choice.Width || fmt.Pix.Height != choice.Height)
            throw new CaptureException(CaptureErrorKind.Configuration,
                $"{device.Path}: asked for {choice} but the driver set {FourCc.FriendlyName(fmt.Pix.PixelFormat)} " +
                $"{fmt.Pix.Width}x{fmt.Pix.Height}. The device offers:\n  " + string.Join("\n  ", info.Formats));
        if (ImageLimits.Exceeds(choice.Width, choice.Height) is { } tooLarge)
            throw new CaptureException(CaptureErrorKind.Configuration, $"{device.Path}: {tooLarge}");
        _format = FourCc.ToPixelFormat(choice.FourCc)!.Value;
        _width = choice.Width;
        _height = choice.Height;
        _stride = _format == PixelFormat.Jpeg ? 0 : Math.Max((int)fmt.Pix.BytesPerLine, PixelFormatInfo.MinimumStride(_format, _width));
    }

    private static double? SetRate(V4l2Device device, double? fps)
    {
        var parm = default(V4l2StreamParm);
        parm.Type = V4l2Const.BufTypeVideoCapture;
        if (device.TryIoctl(V4l2Ioctl.GetParm, ref parm) != 0 || (parm.Capability & V4l2Const.CapTimePerFrame) == 0)
            return fps; // the driver has no rate control; it runs at whatever it runs at
        if (fps is double wanted)
        {
            parm.TimePerFrameNumerator = 1000;
            parm.TimePerFrameDenominator = (uint)Math.Round(wanted * 1000);
            device.Ioctl(V4l2Ioctl.SetParm, ref parm, "VIDIOC_S_PARM");
        }
        return parm.TimePerFrameNumerator == 0 ? fps : (double)parm.TimePerFrameDenominator / parm.TimePerFrameNumerator;
    }

    private void MapBuffers(V4l2Device device)
    {
        var req = new V4l2RequestBuffers
        {
            Count = (uint)Math.Max(4, _request.BufferCount), Type = V4l2Const.BufTypeVideoCapture, Memory = V4l2Const.MemoryMmap,
        };
        device.Ioctl(V4l2Ioctl.ReqBufs, ref req, "VIDIOC_REQBUFS");
        if (req.Count < 2)
            throw new CaptureException(CaptureErrorKind.Lost, $"{device.Path}: driver granted only {req.Count} buffer(s)");

        _buffers = new MappedBuffer[req.Count];
        _frames = new Frame[req.Count];
        for (uint i = 0; i < req.Count; i++)
        {
            var buf = new V4l2Buffer { Index = i, Type = V4l2Const.BufTypeVideoCapture, Memory = V4l2Const.MemoryMmap };
            device.Ioctl(V4l2Ioctl.QueryBuf, ref buf, "VIDIOC_QUERYBUF");
            void* address = Libc.Mmap(null, buf.Length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, device.Fd, buf.Offset);
            if (address == Libc.MapFailed)
                throw device.Failure($"mmap of buffer {i}", Marshal.GetLastPInvokeError());
            _buffers[i] = new MappedBuffer { Address = (byte*)address, Length = buf.Length };
            _frames[i] = new Frame();
        }
    }

    private void StartStreaming(V4l2Device device)
    {
        for (uint i = 0; i < _buffers.Length; i++)
        {
            var buf = new V4l2Buffer { Index = i, Type = V4l2Const.BufTypeVideoCapture, Memory = V4l2Const.MemoryMmap };
            device.Ioctl(V4l2Ioctl.QBuf, ref buf, "VIDIOC_QBUF");
        }
        int type = (int)V4l2Const.BufTypeVideoCapture;
        device.Ioctl(V4l2Ioctl.StreamOn, ref type, "VIDIOC_STREAMON");
    }

    public bool TryRead(TimeSpan timeout, out Frame? frame)
    {
        frame = null;
        var device = _device ?? throw new InvalidOperationException("source is not open");
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            int remainingMs = (int)Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            // With every buffer lent to consumers the driver has nothing to fill; wait for one to come back.
            if (Volatile.Read(ref _lent) >= _buffers.Length)
            {
                lock (_gate)
                    if (_lent >= _buffers.Length && !Monitor.Wait(_gate, remainingMs)) return false;
                continue;
            }

            var pfd = new PollFd { Fd = device.Fd, Events = Libc.POLLIN };
            int ready = Libc.Poll(&pfd, 1, remainingMs);
            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                throw device.Failure("poll", errno);
            }
            if (ready == 0) return false;

            var buf = new V4l2Buffer { Type = V4l2Const.BufTypeVideoCapture, Memory = V4l2Const.MemoryMmap };
            int dq = device.TryIoctl(V4l2Ioctl.DqBuf, ref buf);
            if (dq == Libc.EAGAIN)
            {
                if ((pfd.Revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0)
                    throw new CaptureException(CaptureErrorKind.Lost, $"{device.Path}: device reports an error (poll revents 0x{pfd.Revents:x})");
                continue;
            }
            if (dq != 0)
            {
                var failure = device.Failure("VIDIOC_DQBUF", dq);
                throw V4l2Device.IsDeviceGone(dq) ? failure : new CaptureException(CaptureErrorKind.Lost, failure.Message);
            }

            if ((buf.Flags & V4l2Const.BufFlagError) != 0 || buf.BytesUsed == 0)
            {
                Requeue(device, buf.Index); // a corrupted frame: skip it, keep the buffer circulating
                if (Stopwatch.GetTimestamp() >= deadline) return false;
                continue;
            }

            var f = _frames[buf.Index];
            var mapped = _buffers[buf.Index];
            int length = (int)Math.Min(buf.BytesUsed, (uint)mapped.Length);
            f.SetNative(mapped.Address, length, _format, _width, _height, _stride, this, (int)buf.Index);
            f.Sequence = buf.Sequence;
            f.Timestamp = Stopwatch.GetTimestamp();
            f.UnixTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Interlocked.Increment(ref _lent);
            frame = f;
            return true;
        }
    }

    void IFrameOwner.Return(Frame frame)
    {
        lock (_gate)
        {
            // Interlocked like the increment on the capture thread, which does not take the lock.
            int stillOut = Interlocked.Decrement(ref _lent);
            if (_disposed)
            {
                if (stillOut == 0) ReleaseMappings();
                return;
            }
            if (_device is { } device) Requeue(device, (uint)frame.OwnerToken);
            Monitor.PulseAll(_gate);
        }
    }

    private static void Requeue(V4l2Device device, uint index)
    {
        var buf = new V4l2Buffer { Index = index, Type = V4l2Const.BufTypeVideoCapture, Memory = V4l2Const.MemoryMmap };
        // A failure here means the device is gone; the next DQBUF reports it.
        device.TryIoctl(V4l2Ioctl.QBuf, ref buf);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_device is { } device)
            {
                int type = (int)V4l2Const.BufTypeVideoCapture;
                device.TryIoctl(V4l2Ioctl.StreamOff, ref type);
                // Closing the descriptor is safe with mappings alive (they keep the buffers); the node is free for a reopen.
                device.Dispose();
                _device = null;
            }
            if (_lent == 0) ReleaseMappings();
            else Log.Debug("capture", $"{_request.DevicePath}: {_lent} frame(s) still out at close; unmapping when they return");
            Monitor.PulseAll(_gate);
        }
    }

    private void ReleaseMappings()
    {
        foreach (var b in _buffers)
            if (b.Address != null) Libc.Munmap(b.Address, b.Length);
        _buffers = [];
    }
}
