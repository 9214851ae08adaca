namespace EdgeFace.Mqtt;

/// <summary>The protocol level byte sent in CONNECT.</summary>
public enum MqttProtocolVersion : byte
{
    V311 = 4,
    V500 = 5,
}
