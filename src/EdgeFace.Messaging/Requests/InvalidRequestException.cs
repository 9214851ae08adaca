using System.Text.Json;

namespace EdgeFace.Messaging.Requests;

/// <summary>
/// A request refused before it reached the handler; the message is the answer's error text. Carries the request's
/// <c>transaction</c> when it could still be read, so the sender can match the refusal to its request.
/// </summary>
public sealed class InvalidRequestException(string message, JsonElement? transaction = null) : Exception(message)
{
    public JsonElement? Transaction { get; } = transaction;
}
