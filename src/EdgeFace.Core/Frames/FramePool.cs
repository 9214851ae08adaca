using System.Collections.Concurrent;

namespace EdgeFace.Core.Frames;

/// <summary>
/// Recycles frames and their managed buffers so a steady stream of frames allocates nothing once warm.
/// Buffers grow to the largest size requested and are then reused.
/// </summary>
public sealed class FramePool : IFrameOwner
{
    private readonly ConcurrentBag<Frame> _frames = new();
    private readonly ConcurrentBag<byte[]> _buffers = new();
    private int _outstanding;

    /// <summary>Frames currently lent out; a leak shows up as a number that only grows.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Rents a frame backed by a managed buffer of at least <paramref name="length"/> bytes.</summary>
    public Frame Rent(int length, PixelFormat format, int width, int height, int stride)
    {
        if (!_frames.TryTake(out var frame)) frame = new Frame();
        if (!_buffers.TryTake(out var buffer) || buffer.Length < length)
            buffer = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        frame.SetManaged(buffer, length, format, width, height, stride, this);
        frame.Sequence = 0; frame.Timestamp = 0; frame.UnixTimeMs = 0; frame.DecodeTicks = 0;
        Interlocked.Increment(ref _outstanding);
        return frame;
    }

    void IFrameOwner.Return(Frame frame)
    {
        if (frame.ManagedBuffer is { } buffer) _buffers.Add(buffer);
        _frames.Add(frame);
        Interlocked.Decrement(ref _outstanding);
    }
}
