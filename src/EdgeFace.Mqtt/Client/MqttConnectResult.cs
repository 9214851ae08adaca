namespace EdgeFace.Mqtt.Client;

/// <summary>Outcome of a successful CONNECT.</summary>
public sealed record MqttConnectResult(bool SessionPresent, string ClientId);

/// <summary>Raised when the connection comes up or goes down; <see cref="Reason"/> says why it went down.</summary>
public sealed record MqttConnectionStateChange(bool Connected, bool SessionPresent, string? Reason);
