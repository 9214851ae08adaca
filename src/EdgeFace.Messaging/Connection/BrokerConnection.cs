using EdgeFace.Core.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeFace.Messaging.Connection;

/// <summary>
/// One MQTTnet <see cref="IMqttClient"/> kept connected: what MQTTnet 5 leaves to the application. Connects in the
/// background, reconnects with <see cref="ReconnectBackoff"/> after every loss, restores the subscriptions on each
/// new connection (clean sessions), and gives every publish a deadline so a broker that stops answering is
/// noticed within <c>publish timeout</c> rather than a keep-alive period later; the connection is then dropped and
/// opened again. Incoming packets go through <see cref="SizeLimitedChannel"/>.
/// </summary>
public sealed class BrokerConnection : IAsyncDisposable
{
    private const string Component = "mqtt";
    private readonly MqttClientOptions _options;
    private readonly MqttClientFactory _factory = new();
    private readonly SizeLimitedAdapterFactory _adapters;
    private readonly ReconnectBackoff _backoff;
    private readonly object _gate = new();
    private readonly List<(string Filter, MqttQualityOfServiceLevel Qos)> _subscriptions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random = new();
    private IMqttClient _client;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _maintain;
    private long _connects;
    private string? _lastFailure;

    public BrokerConnection(MqttClientOptions options, IncomingLimits limits, string endpoint, ReconnectBackoff? backoff = null)
    {
        _options = options;
        Endpoint = endpoint;
        Limits = limits;
        _backoff = backoff ?? new ReconnectBackoff();
        _adapters = new SizeLimitedAdapterFactory(limits);
        _client = CreateClient();
    }

    /// <summary>Called for every received message before MQTTnet acknowledges it; keep it short (it runs on the receive loop).</summary>
    public Func<MqttApplicationMessageReceivedEventArgs, Task>? MessageReceived { get; set; }

    /// <summary>Called after each (re)connect, once the subscriptions are restored.</summary>
    public Func<Task>? Connected { get; set; }

    public MqttClientOptions Options => _options;
    public IncomingLimits Limits { get; }
    public bool IsConnected { get { lock (_gate) return _client.IsConnected; } }
    public long Connects => Interlocked.Read(ref _connects);
    /// <summary>The broker as logs show it (no credentials).</summary>
    public string Endpoint { get; }

    /// <summary>Remembers a subscription; it is made on every connection from now on (and at once when connected).</summary>
    public async Task SubscribeAsync(string filter, MqttQualityOfServiceLevel qos, CancellationToken ct = default)
    {
        lock (_gate) _subscriptions.Add((filter, qos));
        IMqttClient client;
        lock (_gate) client = _client;
        if (client.IsConnected) await SubscribeAllAsync(client, [(filter, qos)], ct).ConfigureAwait(false);
    }

    public void Start()
    {
        lock (_gate) _maintain ??= Task.Run(MaintainAsync);
    }

    public Task WaitUntilConnectedAsync(CancellationToken ct = default)
    {
        lock (_gate) return _client.IsConnected ? Task.CompletedTask : _connected.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Publishes and waits for the broker's confirmation (PUBACK for QoS 1), at most <paramref name="timeout"/>.
    /// Past it the connection is dropped (a frozen broker) and <see cref="TimeoutException"/> thrown; the caller
    /// sends the message again on the next connection. Throws <see cref="MQTTnet.Exceptions.MqttClientNotConnectedException"/>
    /// or a communication exception when the connection is gone.
    /// </summary>
    public async Task<MqttClientPublishResult> PublishAsync(MqttApplicationMessage message, TimeSpan timeout, CancellationToken ct = default)
    {
        IMqttClient client;
        lock (_gate) client = _client;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        deadline.CancelAfter(timeout);
        try
        {
            return await client.PublishAsync(message, deadline.Token).ConfigureAwait(false);
        }
        // MQTTnet reports the deadline as OperationCanceledException or, when it fired while waiting for the
        // acknowledgement, as MqttCommunicationTimedOutException.
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationTimedOutException
                                  && deadline.IsCancellationRequested && !ct.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            Drop(client, $"no acknowledgement within {timeout.TotalSeconds:0.#} s");
            throw new TimeoutException($"the broker did not acknowledge within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Closes the socket without DISCONNECT (the broker then publishes the Last Will) and connects again.</summary>
    public void Drop(string reason)
    {
        IMqttClient client;
        lock (_gate) client = _client;
        Drop(client, reason);
    }

    private void Drop(IMqttClient client, string reason)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(client, _client)) return; // already replaced
            Log.Warn(Component, $"dropping the connection: {reason}");
            _client = CreateClient();
            _lost.TrySetResult();
        }
        // MQTTnet's Dispose closes the channel without sending DISCONNECT.
        try { client.Dispose(); } catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException) { }
    }

    private IMqttClient CreateClient()
    {
        var client = _factory.CreateMqttClient(_adapters);
        client.ApplicationMessageReceivedAsync += e => MessageReceived?.Invoke(e) ?? Task.CompletedTask;
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stop.IsCancellationRequested)
            {
                Log.Warn(Component, $"connection lost: {Describe(e)}");
                lock (_gate) if (ReferenceEquals(client, _client)) _lost.TrySetResult();
            }
            return Task.CompletedTask;
        };
        return client;
    }

    private async Task MaintainAsync()
    {
        var ct = _stop.Token;
        int attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            IMqttClient client;
            TaskCompletionSource lost;
            lock (_gate)
            {
                client = _client;
                lost = _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptions(), ct).ConfigureAwait(false);
                var result = await client.ConnectAsync(_options, ct).ConfigureAwait(false);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                    throw new IOException($"broker refused the connection: {result.ResultCode} {result.ReasonString}");
                (string, MqttQualityOfServiceLevel)[] filters;
                lock (_gate) filters = _subscriptions.ToArray();
                if (filters.Length > 0) await SubscribeAllAsync(client, filters, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _connects);
                attempt = 0;
                _lastFailure = null;
                Log.Info(Component, $"connected to {Endpoint} as '{_options.ClientId}' (MQTT {(_options.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500 ? "5.0" : "3.1.1")}{(result.MaximumPacketSize is { } max and > 0 ? $", broker takes packets up to {max} bytes" : "")})");
                TaskCompletionSource connected;
                lock (_gate) { connected = _connected; _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); }
                connected.TrySetResult();
                if (Connected is { } handler)
                {
                    try { await handler().ConfigureAwait(false); }
                    catch (Exception e) { Log.Warn(Component, $"after-connect handler failed: {e.Message}"); }
                }
                if (!client.IsConnected) lost.TrySetResult();
                await lost.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One line per distinct failure, not one per attempt: a broker down for a day must not fill the journal.
                string why = e.GetBaseException().Message;
                if (why != _lastFailure) Log.Warn(Component, $"cannot connect to {Endpoint}: {why}; retrying with backoff");
                _lastFailure = why;
                lock (_gate) if (ReferenceEquals(client, _client) && !client.IsConnected) { _client = CreateClient(); }
                try { client.Dispose(); } catch (Exception) { }
                try { await Task.Delay(_backoff.Delay(attempt++, _random), ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            // lost: back off a little before the next attempt too, so a broker that accepts and drops at once is not hammered
            try { await Task.Delay(_backoff.Delay(attempt++, _random), ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    private static async Task SubscribeAllAsync(IMqttClient client, IReadOnlyList<(string Filter, MqttQualityOfServiceLevel Qos)> filters, CancellationToken ct)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var (filter, qos) in filters) builder.WithTopicFilter(filter, qos);
        var result = await client.SubscribeAsync(builder.Build(), ct).ConfigureAwait(false);
        foreach (var item in result.Items)
            if ((int)item.ResultCode >= 0x80) Log.Warn(Component, $"broker refused subscription '{item.TopicFilter.Topic}': {item.ResultCode}");
    }

    private static string Describe(MqttClientDisconnectedEventArgs e) =>
        e.Exception?.GetBaseException().Message ?? e.ReasonString ?? e.Reason.ToString();

    /// <summary>Sends DISCONNECT (the broker discards the Last Will) and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_maintain is not null) try { await _maintain.ConfigureAwait(false); } catch (OperationCanceledException) { }
        IMqttClient client;
        lock (_gate) client = _client;
        if (client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false); }
            catch (Exception) { /* the socket closes below either way */ }
        }
        client.Dispose();
    }
}
