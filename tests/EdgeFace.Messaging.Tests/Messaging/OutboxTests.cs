using System.Text;
using EdgeFace.Messaging.Outbox;
using EdgeFace.Messaging.Tests.Fixtures;

namespace EdgeFace.Messaging.Tests.Messaging;

public class OutboxTests
{
    private static byte[] Payload(long i) => Encoding.UTF8.GetBytes($"{{\"n\":{i}}}");

    /// <summary>
    /// Every unacknowledged record in order, without changing <paramref name="o"/>: the sender only ever sees the
    /// oldest, so this drains a copy of the outbox's folder (peek, acknowledge, peek...).
    /// </summary>
    private static List<OutboxMessage> TakeAll(DurableOutbox o)
    {
        o.Flush(force: true);
        using var copy = TempDirectory.Create("outbox-copy");
        foreach (var f in Directory.GetFiles(o.Directory)) File.Copy(f, Path.Combine(copy.Path, Path.GetFileName(f)));
        var list = new List<OutboxMessage>();
        using var drained = DurableOutbox.Open(copy.Path);
        while (drained.TryPeekOldest(out var m))
        {
            list.Add(m);
            drained.Acknowledge(m.Sequence);
        }
        return list;
    }

    [Fact]
    public void The_oldest_record_stays_oldest_until_it_is_acknowledged()
    {
        // A publish that fails (connection lost, no PUBACK in time) must be retried first, before any later event.
        using var dir = TempDirectory.Create("outbox");
        using var o = DurableOutbox.Open(dir.Path);
        for (int i = 1; i <= 3; i++) o.Append("t", Payload(i));
        Assert.True(o.TryPeekOldest(out var first));
        Assert.True(o.TryPeekOldest(out var again));
        Assert.Equal(1, first.Sequence);
        Assert.Equal(1, again.Sequence);
        o.Acknowledge(1);
        Assert.True(o.TryPeekOldest(out var second));
        Assert.Equal(2, second.Sequence);
        o.Acknowledge(3); // an acknowledgement of a later record does not skip the oldest
        Assert.True(o.TryPeekOldest(out var still));
        Assert.Equal(2, still.Sequence);
        o.Acknowledge(2);
        Assert.False(o.TryPeekOldest(out _));
        Assert.Equal(0, o.Count);
    }

    [Fact]
    public void Records_come_back_in_order_and_survive_reopening_until_acknowledged()
    {
        using var dir = TempDirectory.Create("outbox");
        using (var o = DurableOutbox.Open(dir.Path))
        {
            for (int i = 1; i <= 10; i++) Assert.Equal(i, o.Append("t/" + i, Payload(i), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, retain: i == 3));
            var taken = TakeAll(o);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), taken.Select(m => m.Sequence));
            Assert.True(taken[2].Retain);
            Assert.Equal("{\"n\":5}", Encoding.UTF8.GetString(taken[4].Payload.Span));
            foreach (long s in new long[] { 1, 2, 4, 3 }) o.Acknowledge(s); // out-of-order acks still advance the prefix
            Assert.Equal(6, o.Count);
        }
        using (var o = DurableOutbox.Open(dir.Path))
        {
            Assert.Equal(11, o.NextSequence);
            Assert.Equal(Enumerable.Range(5, 6).Select(i => (long)i), TakeAll(o).Select(m => m.Sequence));
            for (int i = 5; i <= 10; i++) o.Acknowledge(i);
            Assert.Equal(0, o.Count);
            Assert.Equal(0, o.Bytes);
        }
        using (var o = DurableOutbox.Open(dir.Path))
        {
            Assert.Equal(0, o.Count);
            Assert.Equal(11, o.NextSequence); // sequence numbers never go back, even with an empty log
        }
    }

    [Fact]
    public void Acknowledged_segments_are_deleted()
    {
        using var dir = TempDirectory.Create("outbox");
        using var o = DurableOutbox.Open(dir.Path, new OutboxSettings { SegmentBytes = 1024, MaxBytes = 1 << 20 });
        for (int i = 0; i < 200; i++) o.Append("t", new byte[100]);
        Assert.True(Directory.GetFiles(dir.Path, "seg-*").Length > 10);
        foreach (var m in TakeAll(o)) o.Acknowledge(m.Sequence);
        o.Flush(force: true);
        Assert.Single(Directory.GetFiles(dir.Path, "seg-*"));
    }

    [Fact]
    public void Truncating_the_last_record_at_every_byte_keeps_all_earlier_records()
    {
        using var dir = TempDirectory.Create("outbox");
        using (var o = DurableOutbox.Open(dir.Path)) for (int i = 1; i <= 3; i++) o.Append("events", Payload(i * 1000));
        string seg = Directory.GetFiles(dir.Path, "seg-*").Single();
        byte[] full = File.ReadAllBytes(seg);
        int lastRecordLength = full.Length / 3;
        // The clean close wrote a cursor that saw 3 issued: that number is never handed out again.
        File.WriteAllBytes(seg, full[..^1]);
        using (var o = DurableOutbox.Open(dir.Path)) Assert.Equal(4, o.NextSequence); // equal-size records
        for (int cut = full.Length - lastRecordLength; cut < full.Length; cut++)
        {
            File.WriteAllBytes(seg, full[..cut]);
            File.Delete(Path.Combine(dir.Path, "cursor")); // as after a crash before the cursor was written
            using var o = DurableOutbox.Open(dir.Path);
            Assert.Equal([1L, 2L], TakeAll(o).Select(m => m.Sequence));
            Assert.Equal(cut - (full.Length - lastRecordLength), o.Recovery.BytesTruncated);
            Assert.Equal(3, o.NextSequence); // the torn record's number is reused: no gap
            Assert.Equal(full.Length - lastRecordLength, new FileInfo(seg).Length);
        }
    }

    [Fact]
    public void A_segment_that_claims_gigabytes_is_read_only_as_far_as_a_segment_can_reach()
    {
        using var dir = TempDirectory.Create("outbox");
        using (var o = DurableOutbox.Open(dir.Path)) for (int i = 1; i <= 3; i++) o.Append("events", Payload(i));
        string seg = Directory.GetFiles(dir.Path, "seg-*").Single();
        long intact = new FileInfo(seg).Length;
        // A sparse file: 8 GiB long, no disk used. Reading it whole would need an 8 GiB array (and fail).
        using (var f = new FileStream(seg, FileMode.Open, FileAccess.Write)) f.SetLength(8L << 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var o = DurableOutbox.Open(dir.Path))
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64L << 20, $"recovery allocated {allocated} bytes");
            Assert.Equal([1L, 2L, 3L], TakeAll(o).Select(m => m.Sequence));
            Assert.Equal((8L << 30) - intact, o.Recovery.BytesTruncated);
        }
        Assert.Equal(intact, new FileInfo(seg).Length);
    }

    [Fact]
    public void A_flipped_bit_anywhere_in_a_record_is_detected_and_only_that_record_is_lost()
    {
        using var dir = TempDirectory.Create("outbox");
        using (var o = DurableOutbox.Open(dir.Path)) for (int i = 1; i <= 4; i++) o.Append("events", Payload(i * 1000));
        string seg = Directory.GetFiles(dir.Path, "seg-*").Single();
        byte[] full = File.ReadAllBytes(seg);
        int rec = full.Length / 4;
        for (int bit = 0; bit < rec * 8; bit++)
        {
            var damaged = (byte[])full.Clone();
            damaged[2 * rec + bit / 8] ^= (byte)(1 << (bit % 8)); // inside record 3
            File.WriteAllBytes(seg, damaged);
            using var o = DurableOutbox.Open(dir.Path);
            Assert.Equal([1L, 2L, 4L], TakeAll(o).Select(m => m.Sequence));
            Assert.Equal(1, o.Recovery.CorruptSegments);
            Assert.Equal(5, o.NextSequence);
        }
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_records_and_counts_them()
    {
        using var dir = TempDirectory.Create("outbox");
        using var o = DurableOutbox.Open(dir.Path, new OutboxSettings { MaxBytes = 4096, SegmentBytes = 1024 });
        for (int i = 0; i < 100; i++) o.Append("t", new byte[100]);
        Assert.True(o.Bytes <= 4096);
        int kept = o.Count;
        Assert.Equal(100 - kept, o.Dropped);
        var seqs = TakeAll(o).Select(m => m.Sequence).ToList();
        Assert.Equal(Enumerable.Range(100 - kept + 1, kept).Select(i => (long)i), seqs); // the newest survive, in order
        o.Flush(force: true);
        long disk = Directory.GetFiles(dir.Path, "seg-*").Sum(f => new FileInfo(f).Length);
        Assert.True(disk <= 4096 + 1024 + 200, $"disk use {disk}");
    }

    [Fact]
    public void Reject_new_policy_refuses_when_full()
    {
        using var dir = TempDirectory.Create("outbox");
        using var o = DurableOutbox.Open(dir.Path, new OutboxSettings { MaxBytes = 2048, DropPolicy = OutboxDropPolicy.RejectNew });
        int accepted = 0;
        for (int i = 0; i < 50; i++) if (o.Append("t", new byte[100]) > 0) accepted++;
        Assert.Equal(accepted, o.Count);
        Assert.Equal(50 - accepted, o.Dropped);
        Assert.Equal(1L, TakeAll(o)[0].Sequence); // the oldest are kept
    }

    [Fact]
    public void A_corrupt_cursor_means_resending_not_losing()
    {
        using var dir = TempDirectory.Create("outbox");
        using (var o = DurableOutbox.Open(dir.Path))
        {
            for (int i = 0; i < 5; i++) o.Append("t", Payload(i));
            foreach (var m in TakeAll(o).Take(3)) o.Acknowledge(m.Sequence);
            o.Flush(force: true);
        }
        File.WriteAllBytes(Path.Combine(dir.Path, "cursor"), new byte[20]);
        using var again = DurableOutbox.Open(dir.Path);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], TakeAll(again).Select(m => m.Sequence));
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value_on_both_paths()
    {
        var check = "123456789"u8;
        Assert.Equal(0xE3069283u, Crc32C.Compute(check));
        Assert.Equal(0xE3069283u, Crc32C.ComputeWithTable(check));
        var rng = new Random(9);
        for (int n = 0; n < 100; n++)
        {
            var data = new byte[rng.Next(0, 300)];
            rng.NextBytes(data);
            Assert.Equal(Crc32C.ComputeWithTable(data), Crc32C.Compute(data));
        }
    }
}
