namespace EdgeFace.Mqtt;

/// <summary>
/// The peer sent bytes that are not a valid MQTT packet (or exceed a configured limit). The connection that
/// produced them must be dropped; the message says why so it can be logged.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(string message) : base(message) { }
}
