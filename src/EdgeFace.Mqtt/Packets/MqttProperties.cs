namespace EdgeFace.Mqtt.Packets;

/// <summary>
/// MQTT 5 properties of a packet. Null fields are absent. The 3.1.1 formatter ignores them; the 5.0 formatter
/// writes the ones the packet type allows and rejects the ones it does not.
/// </summary>
public sealed record MqttProperties
{
    public byte? PayloadFormatIndicator { get; set; }
    public uint? MessageExpiryInterval { get; set; }
    public string? ContentType { get; set; }
    public string? ResponseTopic { get; set; }
    public ReadOnlyMemory<byte>? CorrelationData { get; set; }
    public IReadOnlyList<uint>? SubscriptionIdentifiers { get; set; }
    public uint? SessionExpiryInterval { get; set; }
    public string? AssignedClientIdentifier { get; set; }
    public ushort? ServerKeepAlive { get; set; }
    public string? AuthenticationMethod { get; set; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }
    public byte? RequestProblemInformation { get; set; }
    public uint? WillDelayInterval { get; set; }
    public byte? RequestResponseInformation { get; set; }
    public string? ResponseInformation { get; set; }
    public string? ServerReference { get; set; }
    public string? ReasonString { get; set; }
    public ushort? ReceiveMaximum { get; set; }
    public ushort? TopicAliasMaximum { get; set; }
    public ushort? TopicAlias { get; set; }
    public byte? MaximumQoS { get; set; }
    public byte? RetainAvailable { get; set; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; set; }
    public uint? MaximumPacketSize { get; set; }
    public byte? WildcardSubscriptionAvailable { get; set; }
    public byte? SubscriptionIdentifiersAvailable { get; set; }
    public byte? SharedSubscriptionAvailable { get; set; }

    // Records compare ReadOnlyMemory by reference; tests compare decoded packets by content, so compare bytes here.
    public bool Equals(MqttProperties? other) =>
        other is not null &&
        PayloadFormatIndicator == other.PayloadFormatIndicator && MessageExpiryInterval == other.MessageExpiryInterval &&
        ContentType == other.ContentType && ResponseTopic == other.ResponseTopic &&
        BytesEqual(CorrelationData, other.CorrelationData) && ListEqual(SubscriptionIdentifiers, other.SubscriptionIdentifiers) &&
        SessionExpiryInterval == other.SessionExpiryInterval && AssignedClientIdentifier == other.AssignedClientIdentifier &&
        ServerKeepAlive == other.ServerKeepAlive && AuthenticationMethod == other.AuthenticationMethod &&
        BytesEqual(AuthenticationData, other.AuthenticationData) && RequestProblemInformation == other.RequestProblemInformation &&
        WillDelayInterval == other.WillDelayInterval && RequestResponseInformation == other.RequestResponseInformation &&
        ResponseInformation == other.ResponseInformation && ServerReference == other.ServerReference &&
        ReasonString == other.ReasonString && ReceiveMaximum == other.ReceiveMaximum &&
        TopicAliasMaximum == other.TopicAliasMaximum && TopicAlias == other.TopicAlias && MaximumQoS == other.MaximumQoS &&
        RetainAvailable == other.RetainAvailable && ListEqual(UserProperties, other.UserProperties) &&
        MaximumPacketSize == other.MaximumPacketSize && WildcardSubscriptionAvailable == other.WildcardSubscriptionAvailable &&
        SubscriptionIdentifiersAvailable == other.SubscriptionIdentifiersAvailable && SharedSubscriptionAvailable == other.SharedSubscriptionAvailable;

    public override int GetHashCode() => HashCode.Combine(ResponseTopic, ContentType, SessionExpiryInterval, ReasonString);

    internal static bool BytesEqual(ReadOnlyMemory<byte>? a, ReadOnlyMemory<byte>? b) =>
        a.HasValue == b.HasValue && (!a.HasValue || a.Value.Span.SequenceEqual(b!.Value.Span));

    private static bool ListEqual<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        (a is null || a.Count == 0) ? (b is null || b.Count == 0) : b is not null && a.SequenceEqual(b);
}
