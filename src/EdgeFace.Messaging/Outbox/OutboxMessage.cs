using MQTTnet.Protocol;

namespace EdgeFace.Messaging.Outbox;

/// <summary>One stored message, read back from the log for sending.</summary>
public sealed record OutboxMessage(long Sequence, string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfServiceLevel QualityOfService, bool Retain);
