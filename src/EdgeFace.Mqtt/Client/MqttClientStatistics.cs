namespace EdgeFace.Mqtt.Client;

/// <summary>Counters of one client since it was created (thread-safe reads).</summary>
public sealed class MqttClientStatistics
{
    internal long _published, _acknowledged, _received, _connects, _resent;

    /// <summary>PUBLISH packets written (re-sends included).</summary>
    public long Published => Interlocked.Read(ref _published);
    /// <summary>QoS 1/2 publishes the broker confirmed.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Received => Interlocked.Read(ref _received);
    public long Connects => Interlocked.Read(ref _connects);
    /// <summary>Publishes re-sent with DUP after a reconnect.</summary>
    public long Resent => Interlocked.Read(ref _resent);
}
