namespace EdgeFace.Mqtt.Packets;

/// <summary>MQTT 5 user property: a name/value pair that may repeat.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
