namespace EdgeFace.Messaging;

/// <summary>Counters for stats and health.</summary>
public sealed record MqttServiceStatus(
    bool Connected,
    int Queued,
    long Dropped,
    long Sent,
    long OutboxBytes,
    long Connects,
    long LandmarksSkipped);
