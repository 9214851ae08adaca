using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Packets;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Mqtt.Client;

/// <summary>
/// An MQTT session: connects, keeps the connection alive, reconnects with backoff, restores subscriptions and
/// re-sends unacknowledged QoS 1/2 publishes (DUP) in their original order. Thread-safe.
/// Received messages are handed to <see cref="ApplicationMessageReceived"/> on one dispatcher task; QoS 1/2
/// acknowledgements are sent only after the handler returns (at-least-once up to the application).
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private const string LogComponent = "mqtt";
    private readonly MqttClientOptions _options;
    private readonly MqttPacketFormatter _formatter;
    private readonly object _gate = new();
    private readonly InFlightWindow _window;
    private readonly SemaphoreSlim _sendOrder = new(1, 1);
    private readonly Dictionary<ushort, PendingPublish> _pending = new();
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _pendingReplies = new();
    private readonly Dictionary<string, MqttTopicFilter> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<ushort> _incomingQos2 = new();
    private readonly Channel<(PublishPacket Packet, MqttConnection Connection)> _incoming =
        Channel.CreateBounded<(PublishPacket, MqttConnection)>(new BoundedChannelOptions(256) { SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Random _random = new();
    private TaskCompletionSource _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MqttConnection? _connection;
    private Task? _maintainTask;
    private readonly Task _dispatchTask;
    private ushort _lastPacketId;
    private long _order;
    private string _clientId;
    private bool _stopped;

    public MqttClient(MqttClientOptions options)
    {
        if (options.MaximumInFlight is < 1 or > 65_535) throw new ArgumentOutOfRangeException(nameof(options), "MaximumInFlight must be 1..65535");
        if (options.ClientId.Length == 0 && !options.CleanSession) throw new ArgumentException("a persistent session needs a client id");
        _options = options;
        _clientId = options.ClientId;
        _formatter = MqttPacketFormatter.For(options.ProtocolVersion);
        _window = new InFlightWindow(options.MaximumInFlight);
        _dispatchTask = Task.Run(DispatchIncomingAsync);
    }

    /// <summary>Called for every received message, one at a time. Exceptions are logged and the message still acknowledged.</summary>
    public Func<MqttApplicationMessage, CancellationToken, Task>? ApplicationMessageReceived { get; set; }

    /// <summary>Raised (on a pool thread) when the connection comes up or goes down.</summary>
    public event Action<MqttConnectionStateChange>? ConnectionStateChanged;

    public MqttClientOptions Options => _options;
    public MqttClientStatistics Statistics { get; } = new();
    public bool IsConnected => _connection?.IsOpen == true;
    /// <summary>The client id in use (the broker's choice when an empty one was configured under MQTT 5).</summary>
    public string ClientId => _clientId;
    /// <summary>Unacknowledged QoS 1/2 publishes.</summary>
    public int InFlight => _window.Used;

    /// <summary>Connects once (throws when the broker is unreachable or refuses), then keeps the session up in the background.</summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        var result = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        _maintainTask ??= Task.Run(() => MaintainAsync(initialDelay: false));
        return result;
    }

    /// <summary>Starts connecting in the background and returns at once; use <see cref="WaitUntilConnectedAsync"/> to wait.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        _maintainTask ??= Task.Run(() => MaintainAsync(initialDelay: false));
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return IsConnected ? Task.CompletedTask : _connectedSignal.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes a message. QoS 0 completes when written (throws <see cref="MqttNotConnectedException"/> when offline).
    /// QoS 1/2 waits for a slot in the in-flight window and completes when the broker confirms; while offline
    /// it stays queued in the session and is sent after reconnecting. Cancelling stops the wait, not the delivery.
    /// </summary>
    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        ValidateTopic(message.Topic);
        var packet = new PublishPacket
        {
            Topic = message.Topic, Payload = message.Payload, QualityOfService = message.QualityOfService, Retain = message.Retain,
            Properties = ToProperties(message),
        };
        if (message.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            var c = _connection;
            if (c is null || !c.IsOpen) throw new MqttNotConnectedException();
            await SendOrCloseAsync(c, packet).ConfigureAwait(false);
            Interlocked.Increment(ref Statistics._published);
            return;
        }

        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        PendingPublish pending;
        try
        {
            await _sendOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _window.Release();
            throw;
        }
        try
        {
            lock (_gate)
            {
                ushort id = NextPacketIdentifier();
                pending = new PendingPublish(packet with { PacketIdentifier = id }, _order++);
                _pending[id] = pending;
            }
            if (_connection is { IsOpen: true } c)
            {
                try { await SendOrCloseAsync(c, pending.Packet).ConfigureAwait(false); }
                catch (MqttPacketTooLargeException e)
                {
                    // it will never fit: give back its identifier and window slot instead of retrying for ever
                    Abandon(pending);
                    throw new MqttRejectedException(0x95, e.Message);
                }
                pending.Sent = true;
                Interlocked.Increment(ref Statistics._published);
            }
        }
        finally
        {
            _sendOrder.Release();
        }
        await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes and remembers the filters so they are restored after a reconnect. When offline the filters are
    /// only remembered and an empty list is returned; otherwise the granted QoS per filter. Throws
    /// <see cref="MqttRejectedException"/> when the broker refuses a filter.
    /// </summary>
    public async Task<IReadOnlyList<byte>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        if (filters.Count == 0) throw new ArgumentException("no topic filters");
        foreach (var f in filters) ValidateFilter(f.Filter);
        lock (_gate) foreach (var f in filters) _subscriptions[f.Filter] = f;
        var c = _connection;
        if (c is null || !c.IsOpen) return [];
        var ack = (SubAckPacket)await RequestAsync(c, id => new SubscribePacket { PacketIdentifier = id, Filters = filters.ToArray() }, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < ack.ReasonCodes.Count && i < filters.Count; i++)
        {
            if (ack.ReasonCodes[i] >= 0x80)
            {
                lock (_gate) _subscriptions.Remove(filters[i].Filter);
                throw new MqttRejectedException(ack.ReasonCodes[i], $"broker refused subscription '{filters[i].Filter}' (code 0x{ack.ReasonCodes[i]:X2})");
            }
        }
        return ack.ReasonCodes;
    }

    public Task<IReadOnlyList<byte>> SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttTopicFilter(filter, qos)], cancellationToken);

    public async Task UnsubscribeAsync(string filter, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        lock (_gate) _subscriptions.Remove(filter);
        var c = _connection;
        if (c is null || !c.IsOpen) return;
        await RequestAsync(c, id => new UnsubscribePacket { PacketIdentifier = id, Filters = [filter] }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends DISCONNECT (the broker then discards the Last Will) and stops reconnecting.</summary>
    public async Task DisconnectAsync()
    {
        if (_stopped) return;
        _stopped = true;
        _lifetime.Cancel();
        var c = _connection;
        if (c is { IsOpen: true })
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await c.SendAsync(new DisconnectPacket()).AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or TimeoutException) { }
            c.Close("client disconnected");
        }
        if (_maintainTask is not null) await _maintainTask.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _incoming.Writer.TryComplete();
        try { await _dispatchTask.ConfigureAwait(false); } catch (OperationCanceledException) { }
        lock (_gate)
        {
            foreach (var p in _pending.Values) p.Completion.TrySetException(new ObjectDisposedException(nameof(MqttClient), "client disposed before the broker confirmed the publish"));
            _pending.Clear();
        }
    }

    /// <summary>Drops the socket without DISCONNECT, as a crash or network loss would (the broker then sends the Last Will).</summary>
    internal void AbortConnectionForTest() => _connection?.Close("aborted by test");

    // ---- connection lifecycle ---------------------------------------------------------------------------------

    private async Task<MqttConnectResult> ConnectOnceAsync(CancellationToken ct)
    {
        var stream = await MqttTransport.ConnectAsync(_options.Transport, ct).ConfigureAwait(false);
        var channel = new MqttPacketChannel(stream, _formatter, _options.MaximumPacketSize);
        var connection = new MqttConnection(channel);
        ConnAckPacket ack;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.ResponseTimeout);
            await channel.SendAsync(BuildConnect(), timeout.Token).ConfigureAwait(false);
            var first = await channel.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            ack = first as ConnAckPacket ?? throw new MqttProtocolException($"expected CONNACK, got {first.Type}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            connection.Close("CONNACK timeout");
            throw new TimeoutException($"no CONNACK within {_options.ResponseTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            connection.Close("connect failed");
            throw;
        }
        if (!ack.IsSuccess)
        {
            connection.Close("refused");
            throw new MqttConnectException(ack.ReasonCode, $"broker refused the connection: {ConnectReason(ack.ReasonCode)}");
        }
        ApplyServerLimits(ack, channel);
        Interlocked.Increment(ref Statistics._connects);

        // Hold the publish order from before the connection becomes visible until the session is restored: a new
        // publish must not go out ahead of (and then again with) the older unacknowledged ones.
        await _sendOrder.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _connection = connection;
                if (!ack.SessionPresent) _incomingQos2.Clear();
            }
            _ = Task.Run(() => ReceiveLoopAsync(connection));
            _ = Task.Run(() => KeepAliveLoopAsync(connection));
            if (!ack.SessionPresent) await RestoreSubscriptionsAsync(connection).ConfigureAwait(false);
            await ResendPendingAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            connection.Close($"session restore failed: {e.Message}");
            throw;
        }
        finally
        {
            _sendOrder.Release();
        }
        Log.Info(LogComponent, $"connected to {_options.Transport.Host}:{_options.Transport.EffectivePort} as '{_clientId}' (MQTT {(_options.ProtocolVersion == MqttProtocolVersion.V500 ? "5.0" : "3.1.1")}, session present: {ack.SessionPresent})");
        TaskCompletionSource signal;
        lock (_gate) signal = _connectedSignal;
        signal.TrySetResult();
        ConnectionStateChanged?.Invoke(new MqttConnectionStateChange(true, ack.SessionPresent, null));
        return new MqttConnectResult(ack.SessionPresent, _clientId);
    }

    private ConnectPacket BuildConnect()
    {
        bool v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        var will = _options.Will;
        return new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = _clientId,
            CleanSession = _options.CleanSession,
            KeepAliveSeconds = (ushort)Math.Clamp(_options.KeepAlive.TotalSeconds, 0, ushort.MaxValue),
            Username = _options.Username,
            Password = _options.Password is null ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(_options.Password),
            WillTopic = will?.Topic,
            WillPayload = will?.Payload ?? default,
            WillQoS = will?.QualityOfService ?? MqttQualityOfService.AtMostOnce,
            WillRetain = will?.Retain ?? false,
            WillProperties = will is null ? null : ToProperties(will),
            Properties = v5 ? new MqttProperties
            {
                SessionExpiryInterval = _options.CleanSession ? null : _options.SessionExpirySeconds,
                MaximumPacketSize = (uint)_options.MaximumPacketSize,
                ReceiveMaximum = 256,
            } : null,
        };
    }

    private void ApplyServerLimits(ConnAckPacket ack, MqttPacketChannel channel)
    {
        var p = ack.Properties;
        if (p is null) return;
        if (p.AssignedClientIdentifier is { } assigned) _clientId = assigned;
        if (p.MaximumPacketSize is { } max) channel.PeerMaximumPacketSize = (int)Math.Min(max, int.MaxValue);
        if (p.ReceiveMaximum is { } receiveMax) _window.SetLimit(Math.Min(_options.MaximumInFlight, receiveMax));
    }

    private async Task RestoreSubscriptionsAsync(MqttConnection c)
    {
        MqttTopicFilter[] filters;
        lock (_gate) filters = _subscriptions.Values.ToArray();
        if (filters.Length == 0) return;
        var ack = (SubAckPacket)await RequestAsync(c, id => new SubscribePacket { PacketIdentifier = id, Filters = filters }, _lifetime.Token).ConfigureAwait(false);
        for (int i = 0; i < ack.ReasonCodes.Count && i < filters.Length; i++)
            if (ack.ReasonCodes[i] >= 0x80) Log.Warn(LogComponent, $"broker refused restored subscription '{filters[i].Filter}' (code 0x{ack.ReasonCodes[i]:X2})");
    }

    /// <summary>
    /// Sends the session's unacknowledged publishes again, oldest first. The caller holds <c>_sendOrder</c> from
    /// before the connection became visible, so no new publish can overtake them.
    /// </summary>
    private async Task ResendPendingAsync(MqttConnection c)
    {
        PendingPublish[] pending;
        lock (_gate) pending = _pending.Values.OrderBy(p => p.Order).ToArray();
        foreach (var p in pending)
        {
            if (p.Released)
            {
                await c.SendAsync(new PubRelPacket { PacketIdentifier = p.Packet.PacketIdentifier }).ConfigureAwait(false);
                continue;
            }
            // DUP marks a re-delivery; a publish queued while offline goes out for the first time
            if (p.Sent) p.Packet = p.Packet with { Dup = true };
            try { await c.SendAsync(p.Packet).ConfigureAwait(false); }
            catch (MqttPacketTooLargeException e)
            {
                Abandon(p);
                p.Completion.TrySetException(new MqttRejectedException(0x95, e.Message));
                continue;
            }
            if (p.Sent) Interlocked.Increment(ref Statistics._resent);
            p.Sent = true;
            Interlocked.Increment(ref Statistics._published);
        }
    }

    /// <summary>Forgets a publish that can never be delivered: frees its packet identifier and in-flight slot.</summary>
    private void Abandon(PendingPublish p)
    {
        bool removed;
        lock (_gate) removed = _pending.Remove(p.Packet.PacketIdentifier);
        if (removed) _window.Release();
    }

    private async Task MaintainAsync(bool initialDelay)
    {
        int attempt = initialDelay ? 1 : 0;
        var ct = _lifetime.Token;
        while (!ct.IsCancellationRequested)
        {
            var c = _connection;
            if (c is not null)
            {
                string reason = await c.Closed.ConfigureAwait(false);
                lock (_gate)
                {
                    if (_connection == c) _connection = null;
                    if (_connectedSignal.Task.IsCompleted) _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                FailPendingReplies(reason);
                if (ct.IsCancellationRequested) break;
                Log.Warn(LogComponent, $"connection lost: {reason}");
                ConnectionStateChanged?.Invoke(new MqttConnectionStateChange(false, false, reason));
                if (!_options.AutoReconnect) break;
                attempt = 1;
            }
            if (attempt > 0)
            {
                try { await Task.Delay(_options.Reconnect.GetDelay(attempt - 1, _random), ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            try
            {
                await ConnectOnceAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (attempt <= 1 || attempt % 10 == 0) Log.Warn(LogComponent, $"connect to {_options.Transport.Host}:{_options.Transport.EffectivePort} failed (attempt {attempt + 1}): {e.Message}");
                attempt++;
            }
        }
    }

    private async Task ReceiveLoopAsync(MqttConnection c)
    {
        try
        {
            while (c.IsOpen)
            {
                var packet = await c.ReceiveAsync().ConfigureAwait(false);
                await HandlePacketAsync(c, packet).ConfigureAwait(false);
            }
        }
        catch (MqttProtocolException e)
        {
            Log.Warn(LogComponent, $"dropping connection, bad packet from broker: {e.Message}");
            c.Close($"protocol error: {e.Message}");
        }
        catch (Exception e)
        {
            c.Close(e is OperationCanceledException ? "closed" : e.Message);
        }
    }

    private async Task HandlePacketAsync(MqttConnection c, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket p:
                if (p.Properties?.TopicAlias is not null) throw new MqttProtocolException("broker used a topic alias although none were allowed");
                Interlocked.Increment(ref Statistics._received);
                if (p.QualityOfService == MqttQualityOfService.ExactlyOnce)
                {
                    bool first;
                    lock (_gate) first = _incomingQos2.Add(p.PacketIdentifier);
                    if (!first)
                    {
                        // Already delivered; the broker did not see our PUBREC. Confirm again without delivering twice.
                        await c.SendAsync(new PubRecPacket { PacketIdentifier = p.PacketIdentifier }).ConfigureAwait(false);
                        break;
                    }
                }
                await _incoming.Writer.WriteAsync((p, c), c.Token).ConfigureAwait(false);
                break;
            case PubAckPacket ack:
                Complete(ack.PacketIdentifier, ack.ReasonCode, expectReleased: false);
                break;
            case PubRecPacket rec:
                PendingPublish? pending;
                lock (_gate) _pending.TryGetValue(rec.PacketIdentifier, out pending);
                if (pending is null) { await c.SendAsync(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier, ReasonCode = 0x92 }).ConfigureAwait(false); break; }
                if (rec.ReasonCode >= 0x80) { Complete(rec.PacketIdentifier, rec.ReasonCode, expectReleased: false); break; }
                pending.Released = true;
                await c.SendAsync(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier }).ConfigureAwait(false);
                break;
            case PubCompPacket comp:
                Complete(comp.PacketIdentifier, comp.ReasonCode, expectReleased: true);
                break;
            case PubRelPacket rel:
                lock (_gate) _incomingQos2.Remove(rel.PacketIdentifier);
                await c.SendAsync(new PubCompPacket { PacketIdentifier = rel.PacketIdentifier }).ConfigureAwait(false);
                break;
            case SubAckPacket or UnsubAckPacket:
                TaskCompletionSource<MqttPacket>? reply;
                ushort id = ((IMqttPacketWithIdentifier)packet).PacketIdentifier;
                lock (_gate) { _pendingReplies.Remove(id, out reply); }
                if (reply is null) throw new MqttProtocolException($"{packet.Type} for unknown packet identifier {id}");
                reply.TrySetResult(packet);
                break;
            case PingRespPacket:
                Interlocked.Exchange(ref c.PingSentAt, 0);
                break;
            case DisconnectPacket d:
                c.Close($"broker sent DISCONNECT (reason 0x{d.ReasonCode:X2}{(d.Properties?.ReasonString is { } rs ? ": " + rs : "")})");
                break;
            default:
                throw new MqttProtocolException($"unexpected {packet.Type} from broker");
        }
    }

    private void Complete(ushort id, byte reasonCode, bool expectReleased)
    {
        PendingPublish? p;
        lock (_gate)
        {
            if (!_pending.TryGetValue(id, out p) || p.Released != expectReleased) return; // late duplicate ack
            _pending.Remove(id);
        }
        if (reasonCode >= 0x80) p.Completion.TrySetException(new MqttRejectedException(reasonCode, $"broker rejected publish to '{p.Packet.Topic}' (reason 0x{reasonCode:X2})"));
        else
        {
            Interlocked.Increment(ref Statistics._acknowledged);
            p.Completion.TrySetResult();
        }
        _window.Release();
    }

    private async Task KeepAliveLoopAsync(MqttConnection c)
    {
        var keepAlive = _options.KeepAlive;
        if (keepAlive <= TimeSpan.Zero) return;
        var timeout = _options.EffectiveKeepAliveTimeout;
        var step = TimeSpan.FromTicks(Math.Clamp(keepAlive.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond * 5));
        try
        {
            while (c.IsOpen)
            {
                await Task.Delay(step, c.Token).ConfigureAwait(false);
                long pingAt = Interlocked.Read(ref c.PingSentAt);
                if (pingAt != 0)
                {
                    if (Stopwatch.GetElapsedTime(pingAt) > timeout)
                    {
                        Log.Warn(LogComponent, $"no PINGRESP within {timeout.TotalSeconds:0.#} s: connection is dead");
                        c.Close("keep-alive timeout");
                    }
                }
                else if (c.SinceLastSent >= keepAlive || c.SinceLastReceived >= keepAlive)
                {
                    Interlocked.Exchange(ref c.PingSentAt, Stopwatch.GetTimestamp());
                    await c.SendAsync(PingReqPacket.Instance).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            c.Close(e is OperationCanceledException ? "closed" : e.Message);
        }
    }

    private async Task DispatchIncomingAsync()
    {
        await foreach (var (packet, c) in _incoming.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var handler = ApplicationMessageReceived;
            if (handler is not null)
            {
                try { await handler(ToApplicationMessage(packet), _lifetime.Token).ConfigureAwait(false); }
                catch (Exception e) { Log.Error(LogComponent, $"message handler failed for '{packet.Topic}': {e.Message}"); }
            }
            if (!c.IsOpen || packet.QualityOfService == MqttQualityOfService.AtMostOnce) continue;
            MqttPacket ack = packet.QualityOfService == MqttQualityOfService.AtLeastOnce
                ? new PubAckPacket { PacketIdentifier = packet.PacketIdentifier }
                : new PubRecPacket { PacketIdentifier = packet.PacketIdentifier };
            try { await c.SendAsync(ack).ConfigureAwait(false); }
            catch (Exception e) { c.Close(e.Message); }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private async Task<MqttPacket> RequestAsync(MqttConnection c, Func<ushort, MqttPacket> build, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (_gate)
        {
            id = NextPacketIdentifier();
            _pendingReplies[id] = tcs;
        }
        try
        {
            await c.SendAsync(build(id)).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(_options.ResponseTimeout, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _pendingReplies.Remove(id);
        }
    }

    private void FailPendingReplies(string reason)
    {
        TaskCompletionSource<MqttPacket>[] replies;
        lock (_gate) { replies = _pendingReplies.Values.ToArray(); _pendingReplies.Clear(); }
        foreach (var r in replies) r.TrySetException(new IOException($"connection lost: {reason}"));
    }

    private static async Task SendOrCloseAsync(MqttConnection c, MqttPacket packet)
    {
        try
        {
            await c.SendAsync(packet).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The session keeps QoS 1/2 packets; they go out again after the reconnect.
            c.Close(e.Message);
            if (packet is PublishPacket { QualityOfService: MqttQualityOfService.AtMostOnce }) throw new MqttNotConnectedException();
        }
    }

    // Caller holds _gate. Identifiers in use by publishes or subscribe requests are skipped.
    private ushort NextPacketIdentifier()
    {
        for (int i = 0; i < 65_535; i++)
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
            if (!_pending.ContainsKey(_lastPacketId) && !_pendingReplies.ContainsKey(_lastPacketId)) return _lastPacketId;
        }
        throw new InvalidOperationException("all 65535 packet identifiers are in use");
    }

    private MqttProperties? ToProperties(MqttApplicationMessage m)
    {
        if (_options.ProtocolVersion != MqttProtocolVersion.V500) return null;
        if (m.ResponseTopic is null && m.CorrelationData is null && m.ContentType is null && m.MessageExpiryInterval is null && m.UserProperties is null) return null;
        return new MqttProperties
        {
            ResponseTopic = m.ResponseTopic, CorrelationData = m.CorrelationData, ContentType = m.ContentType,
            MessageExpiryInterval = m.MessageExpiryInterval, UserProperties = m.UserProperties,
        };
    }

    private static MqttApplicationMessage ToApplicationMessage(PublishPacket p) => new()
    {
        Topic = p.Topic, Payload = p.Payload, QualityOfService = p.QualityOfService, Retain = p.Retain,
        ResponseTopic = p.Properties?.ResponseTopic, CorrelationData = p.Properties?.CorrelationData,
        ContentType = p.Properties?.ContentType, MessageExpiryInterval = p.Properties?.MessageExpiryInterval,
        UserProperties = p.Properties?.UserProperties,
    };

    private static void ValidateTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic)) throw new ArgumentException("topic must not be empty");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0) throw new ArgumentException($"topic '{topic}' contains a wildcard; wildcards are for subscriptions");
    }

    private static void ValidateFilter(string filter)
    {
        if (string.IsNullOrEmpty(filter)) throw new ArgumentException("topic filter must not be empty");
        int hash = filter.IndexOf('#');
        if (hash >= 0 && (hash != filter.Length - 1 || (hash > 0 && filter[hash - 1] != '/')))
            throw new ArgumentException($"topic filter '{filter}': '#' must be the last level");
        var levels = filter.Split('/');
        foreach (var l in levels)
            if (l.Contains('+') && l != "+") throw new ArgumentException($"topic filter '{filter}': '+' must be a whole level");
    }

    private static string ConnectReason(byte code) => code switch
    {
        1 => "unacceptable protocol version",
        2 => "client identifier rejected",
        3 => "server unavailable",
        4 => "bad user name or password",
        5 => "not authorised",
        0x80 => "unspecified error",
        0x84 => "unsupported protocol version",
        0x85 => "client identifier not valid",
        0x86 => "bad user name or password",
        0x87 => "not authorised",
        0x88 => "server unavailable",
        0x89 => "server busy",
        0x8A => "banned",
        0x8C => "bad authentication method",
        0x95 => "packet too large",
        0x97 => "quota exceeded",
        _ => $"reason code 0x{code:X2}",
    };
}
