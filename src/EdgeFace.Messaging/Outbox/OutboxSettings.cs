namespace EdgeFace.Messaging.Outbox;

/// <summary>Limits and durability of a <see cref="DurableOutbox"/>.</summary>
public sealed record OutboxSettings
{
    /// <summary>Most bytes of unacknowledged records kept; disk use stays below this plus one segment.</summary>
    public long MaxBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Size at which a new segment file is started; whole segments are deleted once acknowledged.</summary>
    public long SegmentBytes { get; init; } = 1024 * 1024;
    /// <summary>Largest single record (topic + payload + 19 bytes of framing).</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;
    /// <summary>
    /// fsync at most this often (and on dispose). Zero fsyncs every append. Records reach the kernel with one
    /// write(2) each before they are offered to the broker, so a killed process loses nothing; only a power
    /// cut can lose the records of the last interval.
    /// </summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public OutboxDropPolicy DropPolicy { get; init; } = OutboxDropPolicy.DropOldest;
}
