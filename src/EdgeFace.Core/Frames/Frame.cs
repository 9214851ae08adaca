namespace EdgeFace.Core.Frames;

/// <summary>
/// One captured frame. Frames are recycled (see <see cref="FramePool"/> and capture drivers that lend
/// their own buffers), so a consumer must call <see cref="Release"/> exactly once when done and must not
/// keep the data afterwards. Pixels live either in a managed array or in native memory (a V4L2 mmap buffer),
/// which lets capture hand frames downstream without copying.
/// </summary>
public sealed unsafe class Frame
{
    private byte[]? _array;
    private byte* _pointer;
    private IFrameOwner? _owner;

    /// <summary>Pixel layout of <see cref="Data"/>.</summary>
    public PixelFormat Format { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    /// <summary>Bytes per row of the first plane (0 for JPEG).</summary>
    public int Stride { get; private set; }
    /// <summary>Bytes of valid data.</summary>
    public int Length { get; private set; }
    /// <summary>Source sequence number; gaps mean the source or a queue dropped frames.</summary>
    public long Sequence { get; set; }
    /// <summary>Capture time as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks (monotonic).</summary>
    public long Timestamp { get; set; }
    /// <summary>Wall-clock capture time in Unix milliseconds, for events.</summary>
    public long UnixTimeMs { get; set; }
    /// <summary>
    /// Stopwatch ticks an upstream stage spent decoding this frame from a compressed one (0 when it arrived raw),
    /// so the decode time still shows in the per-stage statistics when decoding ran ahead on another core.
    /// </summary>
    public long DecodeTicks { get; set; }
    /// <summary>
    /// Work an upstream stage did ahead for this frame on another core (the detector's input tensor); released with
    /// the frame, so a frame that is dropped or skipped gives it back too.
    /// </summary>
    public IFrameAttachment? Attachment { get; set; }
    /// <summary>Opaque slot for the owner (e.g. the V4L2 buffer index).</summary>
    public int OwnerToken { get; private set; }

    public ReadOnlySpan<byte> Data => _array is not null
        ? new ReadOnlySpan<byte>(_array, 0, Length)
        : new ReadOnlySpan<byte>(_pointer, Length);

    /// <summary>Writable access for the frame's producer while it fills a managed buffer.</summary>
    public Span<byte> WritableData => _array is not null
        ? new Span<byte>(_array, 0, Length)
        : throw new InvalidOperationException("frame wraps driver memory and is read-only");

    public ImageView View => new(Data, Format, Width, Height, Stride);

    /// <summary>Points the frame at a managed buffer (which the owner recycles).</summary>
    public void SetManaged(byte[] buffer, int length, PixelFormat format, int width, int height, int stride, IFrameOwner? owner, int token = 0)
    {
        if ((uint)length > (uint)buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
        _array = buffer; _pointer = null; Length = length;
        Format = format; Width = width; Height = height; Stride = stride; _owner = owner; OwnerToken = token;
    }

    /// <summary>Points the frame at native memory that stays valid until <see cref="Release"/>.</summary>
    public void SetNative(byte* data, int length, PixelFormat format, int width, int height, int stride, IFrameOwner? owner, int token = 0)
    {
        _array = null; _pointer = data; Length = length;
        Format = format; Width = width; Height = height; Stride = stride; _owner = owner; OwnerToken = token;
    }

    /// <summary>The managed buffer behind the frame, when there is one (for in-place producers).</summary>
    public byte[]? ManagedBuffer => _array;

    /// <summary>Hands the frame back to whoever lent it. Safe to call on a frame with no owner.</summary>
    public void Release()
    {
        var attachment = Attachment;
        Attachment = null;
        attachment?.Release();
        DecodeTicks = 0;   // lent frames (a driver's ring) are reused without going through a pool's reset
        var owner = _owner;
        _owner = null;
        owner?.Return(this);
    }
}

/// <summary>Something a stage prepared for one frame and that goes back to its pool when the frame is released.</summary>
public interface IFrameAttachment
{
    void Release();
}

/// <summary>Something that lends frames and wants them back (a pool, a driver's buffer ring).</summary>
public interface IFrameOwner
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "the pool verb, as in ArrayPool<T>.Return; no Visual Basic code implements this")]
    void Return(Frame frame);
}
