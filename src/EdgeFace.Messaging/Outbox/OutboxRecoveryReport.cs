namespace EdgeFace.Messaging.Outbox;

/// <summary>What opening the outbox found on disk.</summary>
public sealed record OutboxRecoveryReport(int Segments, int RecordsPending, long BytesTruncated, int CorruptSegments, long NextSequence)
{
    public override string ToString() =>
        $"{RecordsPending} pending record(s) in {Segments} segment(s), next seq {NextSequence}" +
        (BytesTruncated > 0 ? $", {BytesTruncated} corrupt/torn byte(s) cut off in {CorruptSegments} segment(s)" : "");
}
