using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EdgeFace.Core.Diagnostics;
using MQTTnet.Protocol;
using Microsoft.Win32.SafeHandles;

namespace EdgeFace.Messaging.Outbox;

/// <summary>
/// An append-only on-disk queue of messages that must reach the broker at least once, in order.
/// <para>Layout: <c>seg-NNNNNNNN.log</c> files of records <c>[u32 length][u32 crc32c][body]</c>, body =
/// <c>[u64 seq][u8 flags][u16 topic length][topic][payload]</c>, all big-endian; plus <c>cursor</c> =
/// <c>[u64 first unacknowledged seq][u64 next seq][u32 crc32c]</c>, replaced atomically (write + rename).</para>
/// <para>A record is written before it is offered to the broker and forgotten only after its PUBACK: the cursor moves
/// past the acknowledged prefix, and segments wholly behind a persisted cursor are deleted. A stale cursor after a
/// crash only means re-sending some acknowledged records (duplicates, never gaps). On open, a record whose length
/// or checksum is wrong ends its segment: the file is truncated there and the records before it are kept.</para>
/// Thread-safe.
/// </summary>
public sealed class DurableOutbox : IDisposable
{
    private const string Component = "outbox";
    private const int HeaderBytes = 8;
    private const int FixedBodyBytes = 11; // seq + flags + topic length

    private readonly object _gate = new();
    private readonly string _directory;
    private readonly OutboxSettings _settings;
    private readonly Dictionary<int, SafeFileHandle> _readHandles = new();
    private Entry[] _ring = new Entry[1024];
    private int _head, _count;
    private FileStream _tail = null!;
    private int _tailSegment;
    private long _tailLength;
    private long _liveBytes;
    private long _nextSequence;
    private long _persistedFirst = -1;
    private long _lastFsync = Stopwatch.GetTimestamp();
    private bool _unsynced;
    private byte[] _scratch = new byte[4096];

    private struct Entry
    {
        public long Sequence;
        public int Segment;
        public long Offset;
        public int Length;
        public bool Acked;
    }

    private DurableOutbox(string directory, OutboxSettings settings)
    {
        _directory = directory;
        _settings = settings;
    }

    public string Directory => _directory;
    public OutboxRecoveryReport Recovery { get; private set; } = null!;
    /// <summary>Sequence number the next appended record gets.</summary>
    public long NextSequence { get { lock (_gate) return _nextSequence; } }
    /// <summary>Records not yet acknowledged.</summary>
    public int Count { get { lock (_gate) return _count; } }
    /// <summary>Bytes of unacknowledged records.</summary>
    public long Bytes { get { lock (_gate) return _liveBytes; } }
    public long Appended { get; private set; }
    public long Acknowledged { get; private set; }
    /// <summary>Records discarded by the drop policy, or found corrupt when read back.</summary>
    public long Dropped { get; private set; }

    /// <summary>Opens (creating if needed) the outbox in <paramref name="directory"/> and recovers what it holds.</summary>
    public static DurableOutbox Open(string directory, OutboxSettings? settings = null)
    {
        settings ??= new OutboxSettings();
        if (settings.MaxBytes < 1024) throw new ArgumentException("outbox max bytes must be at least 1024");
        System.IO.Directory.CreateDirectory(directory);
        var outbox = new DurableOutbox(directory, settings);
        outbox.Recover();
        return outbox;
    }

    // ---- append -------------------------------------------------------------------------------------------------

    /// <summary>Appends a record with the next sequence number; returns it, or -1 when the drop policy refused it.</summary>
    public long Append(string topic, ReadOnlySpan<byte> payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false)
    {
        lock (_gate)
        {
            long seq = _nextSequence;
            return TryAppend(seq, topic, payload, qos, retain) ? seq : -1;
        }
    }

    /// <summary>
    /// Appends a record with sequence <paramref name="sequence"/>, which must be at least <see cref="NextSequence"/>
    /// (callers that embed the number in the payload choose it first). A larger number leaves a gap on purpose: the
    /// caller numbered an event that was then dropped before it reached the outbox, and subscribers must see the gap.
    /// False when the drop policy refused the record.
    /// </summary>
    public bool TryAppend(long sequence, string topic, ReadOnlySpan<byte> payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false)
    {
        int topicBytes = Encoding.UTF8.GetByteCount(topic);
        int length = HeaderBytes + FixedBodyBytes + topicBytes + payload.Length;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_tail is null, this);
            if (sequence < _nextSequence) throw new ArgumentException($"sequence {sequence} was already used (next is {_nextSequence})");
            if (length > _settings.MaxRecordBytes || length > _settings.MaxBytes)
            {
                Dropped++;
                Log.Warn(Component, $"record of {length} bytes for '{topic}' exceeds the outbox record limit; dropped");
                return false;
            }
            if (_liveBytes + length > _settings.MaxBytes)
            {
                if (_settings.DropPolicy == OutboxDropPolicy.RejectNew) { Dropped++; return false; }
                int dropped = 0;
                while (_count > 0 && _liveBytes + length > _settings.MaxBytes) { PopHead(); dropped++; }
                Dropped += dropped;
                if (dropped > 0 && (Dropped == dropped || Dropped % 1000 < dropped))
                    Log.Warn(Component, $"outbox full ({_settings.MaxBytes} bytes): dropped {dropped} oldest record(s), {Dropped} in total");
            }
            if (_tailLength >= _settings.SegmentBytes) StartSegment(_tailSegment + 1);

            if (_scratch.Length < length) _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            var rec = _scratch.AsSpan(0, length);
            var body = rec.Slice(HeaderBytes);
            BinaryPrimitives.WriteInt64BigEndian(body, sequence);
            body[8] = (byte)((byte)qos | (retain ? 4 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(body.Slice(9), (ushort)topicBytes);
            Encoding.UTF8.GetBytes(topic, body.Slice(FixedBodyBytes));
            payload.CopyTo(body.Slice(FixedBodyBytes + topicBytes));
            BinaryPrimitives.WriteInt32BigEndian(rec, body.Length);
            BinaryPrimitives.WriteUInt32BigEndian(rec.Slice(4), Crc32C.Compute(body));
            // One write(2) per record: once it returns the record survives a killed process.
            _tail.Write(rec);
            _unsynced = true;

            PushTail(new Entry { Sequence = sequence, Segment = _tailSegment, Offset = _tailLength, Length = length });
            _tailLength += length;
            _liveBytes += length;
            _nextSequence = sequence + 1;
            Appended++;
            if (_settings.FsyncInterval <= TimeSpan.Zero) Sync();
            return true;
        }
    }

    // ---- send / acknowledge -------------------------------------------------------------------------------------

    /// <summary>
    /// The oldest unacknowledged record (read back from disk), without removing it: the sender publishes it, and
    /// only its <see cref="Acknowledge"/> makes the next one oldest. One record at a time is what keeps events in
    /// <c>seq</c> order on the wire, across reconnects too: a record whose publish failed is simply the oldest again.
    /// </summary>
    public bool TryPeekOldest(out OutboxMessage message)
    {
        lock (_gate)
        {
            while (_count > 0)
            {
                ref var e = ref At(0);
                if (!e.Acked && TryRead(e, out message!)) return true;
                // Unreadable on disk now (media error): count it as dropped and treat it as done.
                if (!e.Acked) { Dropped++; e.Acked = true; _liveBytes -= e.Length; }
                TrimAckedHead();
            }
            message = null!;
            return false;
        }
    }

    /// <summary>Marks a record delivered. Unknown or already dropped sequence numbers are ignored.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            int i = Find(sequence);
            if (i < 0) return;
            ref var e = ref At(i);
            if (e.Acked) return;
            e.Acked = true;
            _liveBytes -= e.Length;
            Acknowledged++;
            TrimAckedHead();
        }
    }

    /// <summary>fsyncs pending appends, persists the cursor and deletes acknowledged segments, if the interval has passed (or <paramref name="force"/>).</summary>
    public void Flush(bool force = false)
    {
        lock (_gate)
        {
            if (_tail is null) return;
            if (!force && Stopwatch.GetElapsedTime(_lastFsync) < _settings.FsyncInterval) return;
            Sync();
            long first = _count > 0 ? At(0).Sequence : _nextSequence;
            if (first != _persistedFirst) WriteCursor(first);
            int keepFrom = _count > 0 ? At(0).Segment : _tailSegment;
            foreach (int seg in SegmentIds())
                if (seg < keepFrom) DeleteSegment(seg);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_tail is null) return;
            Flush(force: true);
            _tail.Dispose();
            _tail = null!;
            foreach (var h in _readHandles.Values) h.Dispose();
            _readHandles.Clear();
        }
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private ref Entry At(int index) => ref _ring[(_head + index) % _ring.Length];

    private void PushTail(Entry e)
    {
        if (_count == _ring.Length)
        {
            var bigger = new Entry[_ring.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = At(i);
            _ring = bigger;
            _head = 0;
        }
        _ring[(_head + _count) % _ring.Length] = e;
        _count++;
    }

    private void PopHead()
    {
        ref var e = ref At(0);
        if (!e.Acked) _liveBytes -= e.Length;
        _head = (_head + 1) % _ring.Length;
        _count--;
    }

    private void TrimAckedHead()
    {
        while (_count > 0 && At(0).Acked) PopHead();
    }

    private int Find(long sequence)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long s = At(mid).Sequence;
            if (s == sequence) return mid;
            if (s < sequence) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    private bool TryRead(in Entry e, out OutboxMessage message)
    {
        message = null!;
        var buffer = ArrayPool<byte>.Shared.Rent(e.Length);
        try
        {
            var span = buffer.AsSpan(0, e.Length);
            if (RandomAccess.Read(ReadHandle(e.Segment), span, e.Offset) != e.Length) return false;
            if (!TryParse(span, out long seq, out _) || seq != e.Sequence) return false;
            var body = span.Slice(HeaderBytes);
            int topicLength = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(9));
            string topic = Encoding.UTF8.GetString(body.Slice(FixedBodyBytes, topicLength));
            byte[] payload = body.Slice(FixedBodyBytes + topicLength).ToArray();
            message = new OutboxMessage(seq, topic, payload, (MqttQualityOfServiceLevel)(body[8] & 3), (body[8] & 4) != 0);
            return true;
        }
        catch (IOException ex)
        {
            Log.Error(Component, $"cannot read record {e.Sequence}: {ex.Message}");
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Validates one record at the start of <paramref name="data"/>; false when incomplete or corrupt.</summary>
    private bool TryParse(ReadOnlySpan<byte> data, out long sequence, out int recordLength)
    {
        sequence = 0; recordLength = 0;
        if (data.Length < HeaderBytes) return false;
        int bodyLength = BinaryPrimitives.ReadInt32BigEndian(data);
        if (bodyLength < FixedBodyBytes || bodyLength > _settings.MaxRecordBytes - HeaderBytes || data.Length < HeaderBytes + bodyLength) return false;
        var body = data.Slice(HeaderBytes, bodyLength);
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4))) return false;
        int topicLength = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(9));
        if (FixedBodyBytes + topicLength > bodyLength || (body[8] & 3) == 3) return false;
        sequence = BinaryPrimitives.ReadInt64BigEndian(body);
        recordLength = HeaderBytes + bodyLength;
        return true;
    }

    /// <summary>The first offset from <paramref name="from"/> holding an intact record numbered above <paramref name="after"/>, or -1.</summary>
    private int NextIntactRecord(byte[] data, int from, long after)
    {
        for (int p = from; p + HeaderBytes + FixedBodyBytes <= data.Length; p++)
            if (TryParse(data.AsSpan(p), out long seq, out _) && seq > after) return p;
        return -1;
    }

    private void Recover()
    {
        var (first, next) = ReadCursor();
        _persistedFirst = first;
        var segments = SegmentIds().ToList();
        long truncated = 0;
        int corrupt = 0;
        long lastSeq = next - 1, previous = 0;
        foreach (int seg in segments)
        {
            string path = SegmentPath(seg);
            byte[] data = ReadSegment(path, out long fileLength);
            int pos = 0;
            while (pos < data.Length)
            {
                // Sequence numbers only grow; one that does not is as corrupt as a bad checksum.
                if (!TryParse(data.AsSpan(pos), out long seq, out int len) || seq <= previous)
                {
                    // A damaged record in the middle must not take the intact ones after it along: resume at the
                    // next offset that holds a whole record with a good checksum. Nothing after it: a torn tail.
                    int resume = NextIntactRecord(data, pos + 1, previous);
                    if (resume < 0) break;
                    truncated += resume - pos;
                    corrupt++;
                    Log.Warn(Component, $"{Path.GetFileName(path)}: {resume - pos} corrupt byte(s) at offset {pos} skipped; the records after them are kept");
                    pos = resume;
                    continue;
                }
                previous = seq;
                if (seq >= first)
                {
                    PushTail(new Entry { Sequence = seq, Segment = seg, Offset = pos, Length = len });
                    _liveBytes += len;
                }
                lastSeq = Math.Max(lastSeq, seq);
                pos += len;
            }
            if (pos < fileLength)
            {
                truncated += fileLength - pos;
                corrupt++;
                Log.Warn(Component, $"{Path.GetFileName(path)}: {fileLength - pos} byte(s) at offset {pos} are torn or corrupt; keeping the {pos} byte(s) before them");
                using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
                f.SetLength(pos);
                f.Flush(flushToDisk: true);
            }
        }
        _nextSequence = Math.Max(Math.Max(next, lastSeq + 1), 1);
        int tail = segments.Count > 0 ? segments[^1] : 1;
        OpenTail(tail);
        Recovery = new OutboxRecoveryReport(segments.Count, _count, truncated, corrupt, _nextSequence);
        if (_count > 0 || truncated > 0) Log.Info(Component, $"recovered {Recovery}");
    }

    /// <summary>
    /// A segment's bytes, at most as many as a segment written under these limits can hold (the whole outbox, or one
    /// segment, plus one record): a damaged or foreign file in the outbox folder, even a sparse one that claims
    /// gigabytes, is read only that far, and the rest is treated as a corrupt tail.
    /// </summary>
    private byte[] ReadSegment(string path, out long fileLength)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        fileLength = f.Length;
        long most = Math.Max(_settings.MaxBytes, _settings.SegmentBytes) + _settings.MaxRecordBytes;
        int length = (int)Math.Min(fileLength, Math.Min(most, Array.MaxLength));
        if (length < fileLength)
            Log.Warn(Component, $"{Path.GetFileName(path)} is {fileLength} bytes, more than any segment can hold ({most}); only the first {length} are read");
        var data = new byte[length];
        f.ReadExactly(data);
        return data;
    }

    private void StartSegment(int id)
    {
        Sync();
        _tail.Dispose();
        OpenTail(id);
    }

    private void OpenTail(int id)
    {
        _tailSegment = id;
        _tail = new FileStream(SegmentPath(id), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        _tailLength = _tail.Length;
    }

    private void Sync()
    {
        if (_unsynced) _tail.Flush(flushToDisk: true);
        _unsynced = false;
        _lastFsync = Stopwatch.GetTimestamp();
    }

    private SafeFileHandle ReadHandle(int segment)
    {
        if (!_readHandles.TryGetValue(segment, out var h))
        {
            h = File.OpenHandle(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _readHandles[segment] = h;
        }
        return h;
    }

    private void DeleteSegment(int seg)
    {
        if (_readHandles.Remove(seg, out var h)) h.Dispose();
        try { File.Delete(SegmentPath(seg)); }
        catch (IOException e) { Log.Warn(Component, $"cannot delete {SegmentPath(seg)}: {e.Message}"); }
    }

    private (long First, long Next) ReadCursor()
    {
        string path = Path.Combine(_directory, "cursor");
        if (!File.Exists(path)) return (0, 1);
        var data = File.ReadAllBytes(path);
        if (data.Length != 20 || Crc32C.Compute(data.AsSpan(0, 16)) != BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(16)))
        {
            Log.Warn(Component, "cursor file is corrupt; every record on disk will be sent again");
            return (0, 1);
        }
        return (BinaryPrimitives.ReadInt64BigEndian(data), BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(8)));
    }

    private void WriteCursor(long first)
    {
        Span<byte> data = stackalloc byte[20];
        BinaryPrimitives.WriteInt64BigEndian(data, first);
        BinaryPrimitives.WriteInt64BigEndian(data.Slice(8), _nextSequence);
        BinaryPrimitives.WriteUInt32BigEndian(data.Slice(16), Crc32C.Compute(data.Slice(0, 16)));
        string tmp = Path.Combine(_directory, "cursor.tmp");
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            f.Write(data);
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(_directory, "cursor"), overwrite: true);
        _persistedFirst = first;
    }

    private string SegmentPath(int id) => Path.Combine(_directory, $"seg-{id:D8}.log");

    private List<int> SegmentIds() =>
        System.IO.Directory.EnumerateFiles(_directory, "seg-*.log")
            .Select(p => int.TryParse(Path.GetFileNameWithoutExtension(p).AsSpan(4), out int id) ? id : -1)
            .Where(id => id > 0).OrderBy(id => id).ToList();
}
