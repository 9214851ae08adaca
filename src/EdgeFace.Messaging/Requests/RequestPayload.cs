using System.Text.Json;
using EdgeFace.Core.Text;

namespace EdgeFace.Messaging.Requests;

/// <summary>
/// Reads a request's JSON payload within the limits a remote sender gets: at most <see cref="MaxBytes"/>, nesting depth
/// <see cref="MaxDepth"/>, UTF-8 only, each key once. Anything else is an <see cref="InvalidRequestException"/>
/// with a message for the sender; without these checks duplicate keys and invalid UTF-8 surfaced later as
/// "internal error" with a stack trace (issue 12, item 7).
/// </summary>
public static class RequestPayload
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>The payload as a detached JSON element, or null when it is empty.</summary>
    public static JsonElement? Parse(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > MaxBytes) throw new InvalidRequestException($"request larger than {MaxBytes} bytes");
        if (payload.IsEmpty) return null;
        if (Utf8Check.FirstInvalidByte(payload.Span) is var bad and >= 0)
            throw new InvalidRequestException($"payload is not valid UTF-8 (byte {bad + 1})", RecoverTransaction(payload));
        try
        {
            using var doc = JsonDocument.Parse(payload, Options);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"payload is not valid JSON: {e.Message}", RecoverTransaction(payload));
        }
    }

    /// <summary>
    /// The top-level <c>transaction</c> of a refused payload, read leniently (duplicate keys allowed, a string checked
    /// for valid UTF-8 before it is echoed), or null. Only ever echoed in the refusal, never acted on.
    /// </summary>
    private static JsonElement? RecoverTransaction(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("transaction", out var tx)) return null;
            if (tx.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return null;
            if (tx.ValueKind == JsonValueKind.String) _ = tx.GetString();   // throws on invalid UTF-8 inside it
            return tx.Clone();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
