using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt;

/// <summary>A message as the application sees it: topic, payload and delivery options (MQTT 5 extras are ignored on 3.1.1).</summary>
public sealed record MqttApplicationMessage
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QualityOfService { get; init; }
    public bool Retain { get; init; }

    /// <summary>MQTT 5: where the receiver should send its answer.</summary>
    public string? ResponseTopic { get; init; }
    /// <summary>MQTT 5: opaque bytes the answer echoes so the requester can match it.</summary>
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }
    /// <summary>MQTT 5: MIME type of the payload.</summary>
    public string? ContentType { get; init; }
    /// <summary>MQTT 5: seconds after which the broker may discard the message.</summary>
    public uint? MessageExpiryInterval { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }

    public static MqttApplicationMessage Create(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false) =>
        new() { Topic = topic, Payload = System.Text.Encoding.UTF8.GetBytes(payload), QualityOfService = qos, Retain = retain };
}
