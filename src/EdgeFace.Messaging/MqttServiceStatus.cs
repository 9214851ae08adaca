namespace EdgeFace.Messaging;

/// <summary>Counters for stats, metrics and health.</summary>
/// <param name="OversizedSkipped">Incoming messages over the packet limit, skipped without losing the connection.</param>
/// <param name="PublishTimeouts">Publishes the broker did not acknowledge in time (each dropped and reopened the connection).</param>
public sealed record MqttServiceStatus(
    bool Connected,
    int Queued,
    long Dropped,
    long Sent,
    long OutboxBytes,
    long Connects,
    long LandmarksSkipped,
    long OversizedSkipped = 0,
    long PublishTimeouts = 0);
