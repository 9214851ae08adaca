using System.Buffers;
using System.Text.Json;
using EdgeFace.Core.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeFace.Messaging.Requests;

/// <summary>
/// Turns request messages into <see cref="IRequestHandler"/> calls and their results into Zigbee2MQTT-style
/// responses <c>{"status":"ok"|"error","data":…,"error":…,"transaction":…}</c>. Responses go to the MQTT 5 response
/// topic with the correlation data when the request carried them, else to &lt;prefix&gt;/response/&lt;name&gt;; never retained.
/// Retained requests are ignored: a stale retained command must not fire again on every reconnect.
/// </summary>
public sealed class RequestDispatcher
{
    public const int MaxRequestBytes = RequestPayload.MaxBytes;
    private readonly EdgeFaceTopics _topics;
    private readonly IRequestHandler _handler;
    private readonly TimeSpan _timeout;

    public RequestDispatcher(EdgeFaceTopics topics, IRequestHandler handler, TimeSpan? timeout = null)
    {
        _topics = topics;
        _handler = handler;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Copies what a request needs out of a received message.</summary>
    public static IncomingRequest ToRequest(MqttApplicationMessage m) =>
        new(m.Topic, m.Payload.Length > MaxRequestBytes ? new byte[MaxRequestBytes + 1] : m.Payload.ToArray(), m.Retain, m.ResponseTopic, m.CorrelationData);

    /// <summary>Returns the response to publish, or null when the message is not a request to answer.</summary>
    public async Task<MqttApplicationMessage?> HandleAsync(IncomingRequest request, CancellationToken ct)
    {
        if (!request.Topic.StartsWith(_topics.RequestPrefix, StringComparison.Ordinal)) return null;
        string name = request.Topic[_topics.RequestPrefix.Length..];
        if (request.Retain)
        {
            Log.Warn("mqtt", $"ignoring retained request '{name}' (requests must not be retained; clear it with an empty retained message)");
            return null;
        }
        JsonElement? transaction = null;
        RequestResult result;
        try
        {
            var payload = RequestPayload.Parse(request.Payload);
            if (payload is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("transaction", out var tx)) transaction = tx;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_timeout);
            result = await _handler.HandleAsync(name, payload, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidRequestException e)
        {
            transaction = e.Transaction;
            result = RequestResult.Failure(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = RequestResult.Failure($"request '{name}' timed out after {_timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Error("mqtt", $"request '{name}' failed: {e}");
            result = RequestResult.Failure($"internal error: {e.Message}");
        }
        // MQTT 5 request/response when the request named a response topic; the fixed response/<name> topic otherwise
        // (and always under 3.1.1, which has neither property).
        return new MqttApplicationMessage
        {
            Topic = string.IsNullOrEmpty(request.ResponseTopic) ? _topics.Response(name) : request.ResponseTopic,
            PayloadSegment = Serialize(result, transaction),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            Retain = false,
            CorrelationData = request.CorrelationData,
            ContentType = string.IsNullOrEmpty(request.ResponseTopic) ? null : "application/json",
        };
    }

    public static byte[] Serialize(RequestResult result, JsonElement? transaction)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", result.Ok ? "ok" : "error");
            if (result.Data is { } data) { w.WritePropertyName("data"); data.WriteTo(w); }
            else if (result.Ok) w.WriteStartObject("data");
            if (result.Ok && result.Data is null) w.WriteEndObject();
            if (!result.Ok) w.WriteString("error", result.Error ?? "failed");
            if (transaction is { } tx) { w.WritePropertyName("transaction"); tx.WriteTo(w); }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

}
