namespace EdgeFace.Messaging.Connection;

/// <summary>
/// The bound on what the broker may send this client, and the count of what went over it. Shared by every
/// connection of one service, so the counts survive reconnects.
/// </summary>
public sealed class IncomingLimits
{
    /// <summary>
    /// Largest packet read into memory. Requests are refused above 64 KiB anyway (<see cref="Requests.RequestDispatcher.MaxRequestBytes"/>)
    /// and Home Assistant's status is a word, so nothing useful is near this; it only has to keep a hostile or
    /// careless publisher from making the daemon hold megabytes.
    /// </summary>
    public const int DefaultMaximumPacketBytes = 256 * 1024;

    /// <summary>Topic prefix of the small stand-in message an oversized PUBLISH is replaced by (a client can never publish to a $ topic).</summary>
    public const string OversizedTopicPrefix = "$edgeface/oversized/";

    private long _skippedMessages, _skippedBytes;

    public IncomingLimits(int maximumPacketBytes = DefaultMaximumPacketBytes)
    {
        if (maximumPacketBytes < 1024) throw new ArgumentOutOfRangeException(nameof(maximumPacketBytes), "at least 1024 bytes");
        MaximumPacketBytes = maximumPacketBytes;
    }

    public int MaximumPacketBytes { get; }
    /// <summary>Incoming PUBLISH packets over the limit, skipped without reading them into memory.</summary>
    public long SkippedMessages => Interlocked.Read(ref _skippedMessages);
    public long SkippedBytes => Interlocked.Read(ref _skippedBytes);

    internal void CountSkipped(long packetBytes)
    {
        Interlocked.Increment(ref _skippedMessages);
        Interlocked.Add(ref _skippedBytes, packetBytes);
    }
}
