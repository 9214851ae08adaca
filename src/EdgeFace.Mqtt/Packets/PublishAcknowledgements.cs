namespace EdgeFace.Mqtt.Packets;

/// <summary>
/// The four packets of the QoS 1/2 hand-shakes share one shape: identifier, (5.0) reason code and properties.
/// </summary>
public abstract record PublishAcknowledgementPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public ushort PacketIdentifier { get; init; }
    /// <summary>5.0 reason code; always 0 (success) on 3.1.1.</summary>
    public byte ReasonCode { get; init; }
    public MqttProperties? Properties { get; init; }
}

/// <summary>PUBACK: QoS 1 delivery confirmed.</summary>
public sealed record PubAckPacket : PublishAcknowledgementPacket { public override MqttPacketType Type => MqttPacketType.PubAck; }

/// <summary>PUBREC: QoS 2 step 1, the message was received.</summary>
public sealed record PubRecPacket : PublishAcknowledgementPacket { public override MqttPacketType Type => MqttPacketType.PubRec; }

/// <summary>PUBREL: QoS 2 step 2, the sender releases the identifier.</summary>
public sealed record PubRelPacket : PublishAcknowledgementPacket { public override MqttPacketType Type => MqttPacketType.PubRel; }

/// <summary>PUBCOMP: QoS 2 step 3, the exchange is complete.</summary>
public sealed record PubCompPacket : PublishAcknowledgementPacket { public override MqttPacketType Type => MqttPacketType.PubComp; }
