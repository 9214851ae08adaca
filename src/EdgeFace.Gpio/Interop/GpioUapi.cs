using System.Runtime.InteropServices;

namespace EdgeFace.Gpio.Interop;

// The whole Linux GPIO character-device ABI (uAPI v2, <linux/gpio.h>) that EdgeFace uses, in one place.
// Layouts are those of 64-bit kernels (x86_64 and arm64 agree); 32-bit processes are refused by GpioChip because
// the ioctl numbers and the event record size would not match there. tests/EdgeFace.Gpio.Tests compiles a C
// program against the real header and compares every size, offset and number below.

/// <summary>Line flags (<c>enum gpio_v2_line_flag</c>).</summary>
[Flags]
internal enum GpioLineFlags : ulong
{
    None = 0,
    Used = 1UL << 0,
    ActiveLow = 1UL << 1,
    Input = 1UL << 2,
    Output = 1UL << 3,
    EdgeRising = 1UL << 4,
    EdgeFalling = 1UL << 5,
    OpenDrain = 1UL << 6,
    OpenSource = 1UL << 7,
    BiasPullUp = 1UL << 8,
    BiasPullDown = 1UL << 9,
    BiasDisabled = 1UL << 10,
    EventClockRealtime = 1UL << 11,
}

/// <summary><c>enum gpio_v2_line_attr_id</c>.</summary>
internal enum GpioLineAttrId : uint
{
    Flags = 1,
    OutputValues = 2,
    Debounce = 3,
}

/// <summary><c>enum gpio_v2_line_event_id</c>.</summary>
internal enum GpioLineEventId : uint
{
    RisingEdge = 1,
    FallingEdge = 2,
}

/// <summary><c>struct gpiochip_info</c> (68 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioChipInfoNative
{
    public fixed byte Name[GpioUapi.MaxNameSize];
    public fixed byte Label[GpioUapi.MaxNameSize];
    public uint Lines;
}

/// <summary><c>struct gpio_v2_line_attribute</c> (16 bytes): the union is flags, values or debounce_period_us.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct GpioLineAttributeNative
{
    [FieldOffset(0)] public GpioLineAttrId Id;
    [FieldOffset(4)] public uint Padding;
    [FieldOffset(8)] public ulong Flags;
    [FieldOffset(8)] public ulong Values;
    [FieldOffset(8)] public uint DebouncePeriodUs;
}

/// <summary><c>struct gpio_v2_line_config_attribute</c> (24 bytes): an attribute and the lines it applies to.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GpioLineConfigAttributeNative
{
    public GpioLineAttributeNative Attr;
    public ulong Mask;
}

/// <summary><c>struct gpio_v2_line_config</c> (272 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioLineConfigNative
{
    public ulong Flags;
    public uint NumAttrs;
    public fixed uint Padding[5];
    public GpioLineConfigAttributes Attrs;
}

[System.Runtime.CompilerServices.InlineArray(GpioUapi.LineNumAttrsMax)]
internal struct GpioLineConfigAttributes
{
    private GpioLineConfigAttributeNative _first;
}

/// <summary><c>struct gpio_v2_line_request</c> (592 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioLineRequestNative
{
    public fixed uint Offsets[GpioUapi.LinesMax];
    public fixed byte Consumer[GpioUapi.MaxNameSize];
    public GpioLineConfigNative Config;
    public uint NumLines;
    public uint EventBufferSize;
    public fixed uint Padding[5];
    public int Fd;
}

/// <summary><c>struct gpio_v2_line_info</c> (256 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioLineInfoNative
{
    public fixed byte Name[GpioUapi.MaxNameSize];
    public fixed byte Consumer[GpioUapi.MaxNameSize];
    public uint Offset;
    public uint NumAttrs;
    public ulong Flags;
    public GpioLineInfoAttributes Attrs;
    public fixed uint Padding[4];
}

[System.Runtime.CompilerServices.InlineArray(GpioUapi.LineNumAttrsMax)]
internal struct GpioLineInfoAttributes
{
    private GpioLineAttributeNative _first;
}

/// <summary><c>struct gpio_v2_line_values</c> (16 bytes): bit i is line i of the request, only where mask bit i is set.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GpioLineValuesNative
{
    public ulong Bits;
    public ulong Mask;
}

/// <summary><c>struct gpio_v2_line_event</c> (48 bytes), read() from a line request fd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioLineEventNative
{
    public ulong TimestampNs;
    public GpioLineEventId Id;
    public uint Offset;
    public uint Seqno;
    public uint LineSeqno;
    public fixed uint Padding[6];
}

internal static unsafe partial class GpioUapi
{
    public const int MaxNameSize = 32;
    public const int LinesMax = 64;
    public const int LineNumAttrsMax = 10;

    // _IOC(dir, 0xB4, nr, size): dir<<30 | size<<16 | type<<8 | nr, with READ=2, WRITE=1.
    private const uint IocWrite = 1, IocRead = 2;
    private const uint Type = 0xB4;
    private static uint Ioc(uint dir, uint nr, int size) => (dir << 30) | ((uint)size << 16) | (Type << 8) | nr;

    public static readonly uint GetChipInfo = Ioc(IocRead, 0x01, sizeof(GpioChipInfoNative));
    public static readonly uint GetLineInfoV2 = Ioc(IocRead | IocWrite, 0x05, sizeof(GpioLineInfoNative));
    public static readonly uint GetLineV2 = Ioc(IocRead | IocWrite, 0x07, sizeof(GpioLineRequestNative));
    public static readonly uint LineSetConfigV2 = Ioc(IocRead | IocWrite, 0x0D, sizeof(GpioLineConfigNative));
    public static readonly uint LineGetValuesV2 = Ioc(IocRead | IocWrite, 0x0E, sizeof(GpioLineValuesNative));
    public static readonly uint LineSetValuesV2 = Ioc(IocRead | IocWrite, 0x0F, sizeof(GpioLineValuesNative));

    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const short POLLIN = 0x1;
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* arg);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    /// <summary>A readable message for an errno value.</summary>
    public static string ErrorText(int errno) =>
        Marshal.PtrToStringUTF8(StrError(errno)) is { } s ? $"{s} (errno {errno})" : $"errno {errno}";

    /// <summary>Reads a NUL-terminated fixed char array.</summary>
    public static string FixedString(byte* chars, int capacity)
    {
        int n = 0;
        while (n < capacity && chars[n] != 0) n++;
        return System.Text.Encoding.UTF8.GetString(chars, n);
    }

    /// <summary>Writes a string into a fixed char array, truncated so a terminating NUL always fits.</summary>
    public static void WriteFixedString(byte* chars, int capacity, string value)
    {
        var span = new Span<byte>(chars, capacity);
        span.Clear();
        // Partial conversion: a name longer than the field is cut at a whole character, never overflowing.
        System.Text.Unicode.Utf8.FromUtf16(value, span[..(capacity - 1)], out _, out _);
    }
}
