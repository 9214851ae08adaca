namespace EdgeFace.Messaging.Outbox;

/// <summary>What a full outbox does with a new record.</summary>
public enum OutboxDropPolicy
{
    /// <summary>Discard the oldest unacknowledged records until the new one fits (recent events matter most).</summary>
    DropOldest,
    /// <summary>Refuse the new record.</summary>
    RejectNew,
}
