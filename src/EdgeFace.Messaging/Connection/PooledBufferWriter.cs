using System.Buffers;

namespace EdgeFace.Messaging.Connection;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over ArrayPool arrays that hands its array away with <see cref="Detach"/>
/// (the receiver returns it to the pool) and rents the next one on the following write. One instance serves
/// every message, so writing a message allocates nothing once the pool is warm.
/// </summary>
public sealed class PooledBufferWriter(int initialSize = 2048) : IBufferWriter<byte>
{
    private byte[]? _array;
    private int _written;

    public int Written => _written;

    /// <summary>The written bytes' array (rented from <see cref="ArrayPool{T}.Shared"/>) and length; the writer starts empty.</summary>
    public (byte[] Array, int Length) Detach()
    {
        var result = (_array ?? [], _written);
        _array = null;
        _written = 0;
        return result;
    }

    public void Advance(int count) => _written += count;
    public Memory<byte> GetMemory(int sizeHint = 0) { Ensure(sizeHint); return _array.AsMemory(_written); }
    public Span<byte> GetSpan(int sizeHint = 0) { Ensure(sizeHint); return _array.AsSpan(_written); }

    private void Ensure(int hint)
    {
        _array ??= ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, hint));
        if (_array.Length - _written >= Math.Max(hint, 1)) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + hint));
        _array.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
