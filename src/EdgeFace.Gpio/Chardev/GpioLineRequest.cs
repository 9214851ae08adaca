using System.Runtime.InteropServices;
using EdgeFace.Gpio.Interop;

namespace EdgeFace.Gpio.Chardev;

/// <summary>
/// Lines held through one kernel line request fd. Values are logical (active = 1) because the kernel applies
/// active-low itself. Closing the fd (Dispose, or the process dying) releases the lines: see docs in GpioService
/// for what the pin does then.
/// </summary>
public sealed unsafe class GpioLineRequest : IDisposable
{
    private int _fd;
    private readonly int[] _offsets;

    public IReadOnlyList<int> Offsets => _offsets;
    public GpioLineSettings Settings { get; private set; }
    public string Description { get; }

    internal GpioLineRequest(int fd, int[] offsets, GpioLineSettings settings, string description)
    {
        _fd = fd;
        _offsets = offsets;
        Settings = settings;
        Description = description;
    }

    /// <summary>Logical value of the line at <paramref name="index"/> in this request.</summary>
    public bool GetValue(int index = 0) => (GetValues(1UL << index) & (1UL << index)) != 0;

    /// <summary>Logical values of the lines selected by <paramref name="mask"/> (bit i = i-th line of the request).</summary>
    public ulong GetValues(ulong mask = ulong.MaxValue)
    {
        var v = new GpioLineValuesNative { Mask = mask & AllMask };
        Ioctl(GpioUapi.LineGetValuesV2, &v, "reading values");
        return v.Bits;
    }

    public void SetValue(int index, bool active) => SetValues(active ? 1UL << index : 0, 1UL << index);

    public void SetValues(ulong bits, ulong mask)
    {
        var v = new GpioLineValuesNative { Bits = bits, Mask = mask & AllMask };
        Ioctl(GpioUapi.LineSetValuesV2, &v, "setting values");
    }

    /// <summary>Changes direction/bias/drive/edges of all lines without releasing them (no glitch to an unowned state).</summary>
    public void Reconfigure(GpioLineSettings settings)
    {
        var config = BuildConfig(settings, _offsets.Length);
        Ioctl(GpioUapi.LineSetConfigV2, &config, "reconfiguring");
        Settings = settings;
    }

    /// <summary>Waits until an edge event can be read (true) or the timeout passes (false).</summary>
    public bool WaitForEvent(int timeoutMs)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var pfd = new GpioUapi.PollFd { Fd = _fd, Events = GpioUapi.POLLIN };
        int r = GpioUapi.Poll(&pfd, 1, timeoutMs);
        if (r < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == GpioUapi.EINTR) return false;
            throw new GpioException($"{Description}: poll failed: {GpioUapi.ErrorText(errno)}", errno);
        }
        return r > 0 && (pfd.Revents & GpioUapi.POLLIN) != 0;
    }

    /// <summary>Reads the edge events that are pending (blocks if none are: call <see cref="WaitForEvent"/> first).</summary>
    /// <returns>The number of events written into <paramref name="events"/>.</returns>
    public int ReadEvents(Span<GpioEdgeEvent> events)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        const int Batch = 16;
        var raw = stackalloc GpioLineEventNative[Batch];
        int want = Math.Min(events.Length, Batch);
        nint n = GpioUapi.Read(_fd, raw, (nuint)(want * sizeof(GpioLineEventNative)));
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is GpioUapi.EINTR or GpioUapi.EAGAIN) return 0;
            throw new GpioException($"{Description}: reading edge events failed: {GpioUapi.ErrorText(errno)}", errno);
        }
        int count = (int)(n / sizeof(GpioLineEventNative));
        for (int i = 0; i < count; i++)
            events[i] = new GpioEdgeEvent(raw[i].Offset, raw[i].Id == GpioLineEventId.RisingEdge, raw[i].TimestampNs, raw[i].LineSeqno);
        return count;
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) GpioUapi.Close(fd);
    }

    private ulong AllMask => _offsets.Length == 64 ? ulong.MaxValue : (1UL << _offsets.Length) - 1;

    private void Ioctl(uint request, void* arg, string what)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (GpioUapi.Ioctl(_fd, request, arg) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new GpioException($"{Description}: {what} failed: {GpioUapi.ErrorText(errno)}", errno);
        }
    }

    /// <summary>The kernel config for <paramref name="lineCount"/> lines that all share <paramref name="settings"/>.</summary>
    internal static GpioLineConfigNative BuildConfig(GpioLineSettings settings, int lineCount)
    {
        ulong all = lineCount == 64 ? ulong.MaxValue : (1UL << lineCount) - 1;
        var flags = settings.Output ? GpioLineFlags.Output : GpioLineFlags.Input;
        if (settings.ActiveLow) flags |= GpioLineFlags.ActiveLow;
        if (settings.Output)
        {
            if (settings.Drive == GpioDrive.OpenDrain) flags |= GpioLineFlags.OpenDrain;
            else if (settings.Drive == GpioDrive.OpenSource) flags |= GpioLineFlags.OpenSource;
        }
        else if (settings.EdgeEvents)
        {
            flags |= GpioLineFlags.EdgeRising | GpioLineFlags.EdgeFalling;
        }
        flags |= settings.Bias switch
        {
            GpioBias.PullUp => GpioLineFlags.BiasPullUp,
            GpioBias.PullDown => GpioLineFlags.BiasPullDown,
            GpioBias.Disabled => GpioLineFlags.BiasDisabled,
            _ => GpioLineFlags.None,
        };

        var config = new GpioLineConfigNative { Flags = (ulong)flags };
        int n = 0;
        if (settings.Output)
        {
            // Without an OUTPUT_VALUES attribute the kernel drives inactive; state it anyway so the intent is explicit.
            config.Attrs[n].Attr.Id = GpioLineAttrId.OutputValues;
            config.Attrs[n].Attr.Values = settings.InitialActive ? all : 0;
            config.Attrs[n].Mask = all;
            n++;
        }
        else if (settings.DebounceMs > 0)
        {
            config.Attrs[n].Attr.Id = GpioLineAttrId.Debounce;
            config.Attrs[n].Attr.DebouncePeriodUs = (uint)settings.DebounceMs * 1000;
            config.Attrs[n].Mask = all;
            n++;
        }
        config.NumAttrs = (uint)n;
        return config;
    }
}
