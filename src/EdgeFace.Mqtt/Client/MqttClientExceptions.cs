namespace EdgeFace.Mqtt.Client;

/// <summary>The broker refused the connection (bad credentials, not authorised, unsupported version...).</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(byte reasonCode, string message) : base(message) => ReasonCode = reasonCode;
    public byte ReasonCode { get; }
}

/// <summary>A QoS 0 publish, or a subscribe, was attempted while no connection is up.</summary>
public sealed class MqttNotConnectedException : Exception
{
    public MqttNotConnectedException() : base("not connected to the MQTT broker") { }
}

/// <summary>The broker rejected a publish or subscription (MQTT 5 reason code ≥ 0x80, or a 3.1.1 SUBACK failure).</summary>
public sealed class MqttRejectedException : Exception
{
    public MqttRejectedException(byte reasonCode, string message) : base(message) => ReasonCode = reasonCode;
    public byte ReasonCode { get; }
}

/// <summary>
/// A packet is larger than the broker accepts (its MQTT 5 Maximum Packet Size). Raised before anything is written,
/// so the connection stays usable; a publish that can never fit is reported as rejected (reason 0x95).
/// </summary>
public sealed class MqttPacketTooLargeException(string message) : Exception(message);
