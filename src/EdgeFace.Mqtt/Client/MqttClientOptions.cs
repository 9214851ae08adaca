using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Mqtt.Client;

/// <summary>Everything an <see cref="MqttClient"/> needs to open and keep a session.</summary>
public sealed record MqttClientOptions
{
    public required MqttTransportOptions Transport { get; init; }
    /// <summary>Empty lets the broker assign one (clean sessions only).</summary>
    public string ClientId { get; init; } = "";
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;
    /// <summary>False asks the broker to keep subscriptions and unacknowledged QoS 1/2 messages across connections.</summary>
    public bool CleanSession { get; init; } = true;
    /// <summary>MQTT 5: how long the broker keeps a persistent session after the connection ends (used when CleanSession is false).</summary>
    public uint SessionExpirySeconds { get; init; } = 86_400;
    /// <summary>Longest silence on the connection before a PINGREQ; zero turns keep-alive off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long to wait for PINGRESP before declaring the connection dead (default: half the keep-alive, 1–30 s).</summary>
    public TimeSpan? KeepAliveTimeout { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>Last Will: published by the broker when this client vanishes without DISCONNECT.</summary>
    public MqttApplicationMessage? Will { get; init; }
    /// <summary>Largest packet accepted from the broker; bigger ones drop the connection.</summary>
    public int MaximumPacketSize { get; init; } = MqttDecoderLimits.DefaultMaximumPacketSize;
    /// <summary>Most QoS 1/2 publishes awaiting acknowledgement at once; further publishes wait for a slot.</summary>
    public int MaximumInFlight { get; init; } = 16;
    /// <summary>Reconnect on its own after a lost connection, restoring subscriptions and re-sending unacknowledged publishes.</summary>
    public bool AutoReconnect { get; init; } = true;
    public MqttReconnectPolicy Reconnect { get; init; } = new();
    /// <summary>How long to wait for CONNACK, SUBACK and UNSUBACK.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal TimeSpan EffectiveKeepAliveTimeout =>
        KeepAliveTimeout ?? TimeSpan.FromTicks(Math.Clamp(KeepAlive.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
}
