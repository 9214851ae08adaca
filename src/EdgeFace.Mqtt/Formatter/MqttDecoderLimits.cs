namespace EdgeFace.Mqtt.Formatter;

/// <summary>Bounds on what the decoder accepts from the network.</summary>
public static class MqttDecoderLimits
{
    /// <summary>Default largest packet (fixed header included) a client accepts: 1 MiB, plenty for EdgeFace's JSON.</summary>
    public const int DefaultMaximumPacketSize = 1024 * 1024;

    /// <summary>The protocol's own ceiling: 268435455 bytes of body plus a 5-byte fixed header.</summary>
    public const int ProtocolMaximumPacketSize = VariableByteInteger.MaxValue + 5;
}
