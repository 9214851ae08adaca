namespace EdgeFace.Mqtt.Packets;

/// <summary>
/// Base of every control packet. Packets are plain data; turning them into bytes is the job of
/// <see cref="Formatter.MqttPacketFormatter"/>, moving bytes is the job of the transport.
/// </summary>
public abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}

/// <summary>A packet that carries a packet identifier (publish acknowledgements, subscribe and their acks).</summary>
public interface IMqttPacketWithIdentifier
{
    ushort PacketIdentifier { get; }
}
