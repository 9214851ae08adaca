namespace EdgeFace.Messaging.Requests;

/// <summary>A received request message, copied off MQTTnet's receive loop (its buffers are not ours to keep).</summary>
/// <param name="ResponseTopic">MQTT 5: where the requester wants the answer; null under 3.1.1.</param>
/// <param name="CorrelationData">MQTT 5: bytes the answer must echo.</param>
public sealed record IncomingRequest(string Topic, byte[] Payload, bool Retain, string? ResponseTopic = null, byte[]? CorrelationData = null);
