using System.Text.Json;

namespace EdgeFace.Messaging.Requests;

/// <summary>
/// Answers remote requests that arrive on &lt;prefix&gt;/request/&lt;name&gt; (e.g. config/get, config/set, restart, health).
/// The daemon implements it. Names may contain '/', e.g. "config/set" arrives on request/config/set.
/// </summary>
public interface IRequestHandler
{
    Task<RequestResult> HandleAsync(string name, JsonElement? payload, CancellationToken cancellationToken);
}

/// <summary>The answer: ok with optional data, or an error message.</summary>
public sealed record RequestResult(bool Ok, JsonElement? Data = null, string? Error = null)
{
    public static RequestResult Success(JsonElement? data = null) => new(true, data);
    public static RequestResult Failure(string error) => new(false, null, error);
    public static RequestResult Success<T>(T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        new(true, JsonSerializer.SerializeToElement(data, typeInfo));
}
