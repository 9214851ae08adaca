using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Drawing;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Events;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.HomeAssistant;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Outbox;
using EdgeFace.Messaging.Requests;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EdgeFace.Messaging;

/// <summary>
/// EdgeFace over MQTT (MQTTnet underneath). The pipeline calls the non-blocking methods (<see cref="TryPublishEvent"/>,
/// <see cref="PublishLandmarks"/>, <see cref="UpdatePresence"/>...); background tasks write events to the durable
/// outbox, send them at QoS 1 one at a time in <c>seq</c> order and forget each on its PUBACK, keep the retained
/// status/config/discovery topics current after every (re)connect, and answer requests.
/// </summary>
public sealed class MqttService : IAsyncDisposable
{
    private const string Component = "mqtt";
    private const int MaxPendingRequests = 16;
    private readonly MqttOptions _options;
    private readonly string _deviceId;
    private readonly string _version;
    private readonly IRequestHandler? _requestHandler;
    private readonly BrokerConnection _connection;
    private readonly RequestDispatcher? _dispatcher;
    private readonly Channel<FaceEvent> _events = Channel.CreateBounded<FaceEvent>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<(string Topic, byte[] Buffer, int Length, bool Pooled)> _bestEffort =
        Channel.CreateBounded<(string, byte[], int, bool)>(new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<(int Id, long TimestampMs, PointF[] Points, int Count)> _landmarks =
        Channel.CreateBounded<(int, long, PointF[], int)>(new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly FaceEventPool _pool;
    private readonly ConcurrentDictionary<string, byte[]> _retained = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _landmarkLastSent = new();
    private readonly SemaphoreSlim _sendSignal = new(0);
    private readonly SemaphoreSlim _stateSignal = new(0);
    private readonly PresenceDebouncer _presence;
    private readonly FaceInsights _insights;
    private readonly HomeAssistantDevice _device;
    private readonly SemaphoreSlim _requestSlots = new(4);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new();
    private readonly TimeSpan _publishTimeout;
    private DurableOutbox? _outbox;
    private int _pendingRequests;
    private long _dropped, _sent, _landmarksSkipped, _nextSequence, _landmarkFailures, _publishTimeouts, _oversizedSeen;
    private int _rawFaces = -1;
    private DeviceSample? _sample;

    public MqttService(MqttOptions options, string deviceId, IRequestHandler? requestHandler = null, string? version = null, DurableOutbox? outbox = null,
        IncomingLimits? limits = null, ReconnectBackoff? backoff = null, FaceEventPool? events = null,
        HomeAssistantDevice? device = null)
    {
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        options.Validate("mqtt", issues);
        if (!issues.IsValid) throw new ArgumentException("invalid MQTT options: " + string.Join("; ", issues.Items));
        _options = options;
        _deviceId = deviceId;
        _version = version ?? typeof(MqttService).Assembly.GetName().Version?.ToString(3) ?? "0";
        _requestHandler = requestHandler;
        _device = device ?? HomeAssistantDevice.Unknown;
        _presence = new PresenceDebouncer(options.HomeAssistant.PresenceOnDelayMs, options.HomeAssistant.PresenceOffDelayMs);
        _insights = new FaceInsights(options.HomeAssistant.EyesClosedTriggerMs);
        _outbox = outbox;
        _nextSequence = outbox?.NextSequence ?? 0;
        _publishTimeout = TimeSpan.FromSeconds(options.PublishTimeoutS);
        Topics = new EdgeFaceTopics(options.EffectivePrefix(deviceId));
        limits ??= new IncomingLimits();
        var url = MqttUrl.Parse(options.Url);
        if (!options.Tls.IsOn(url) && !string.IsNullOrEmpty(options.Tls.ServerName))
            Log.Warn(Component, $"mqtt.tls.server_name '{options.Tls.ServerName}' has no effect: TLS is off (use an mqtts:// URL or set mqtt.tls.enabled)");
        _connection = new BrokerConnection(MqttClientOptionsFactory.Create(options, deviceId, Topics, limits), limits,
            $"{(options.Tls.IsOn(url) ? "mqtts" : "mqtt")}://{url.Host}:{url.Port}", backoff);
        // A config/set whose new stage fails to start waits up to 20 s for it and 20 s more for the rollback: the
        // answer must still say what happened, so requests get a minute before they time out.
        if (requestHandler is not null) _dispatcher = new RequestDispatcher(Topics, requestHandler, TimeSpan.FromSeconds(60));
        _connection.MessageReceived = OnMessageAsync;
        _connection.Connected = OnConnectedAsync;
        // the daemon passes its one event pool, so an event copied in here goes back where the tracker rents them
        _pool = events ?? new FaceEventPool(16);
    }

    public EdgeFaceTopics Topics { get; }
    public BrokerConnection Connection => _connection;
    public DurableOutbox? Outbox => _outbox;

    public MqttServiceStatus Status => new(
        _connection.IsConnected, _outbox?.Count ?? 0, Interlocked.Read(ref _dropped) + (_outbox?.Dropped ?? 0),
        Interlocked.Read(ref _sent), _outbox?.Bytes ?? 0, _connection.Connects, Interlocked.Read(ref _landmarksSkipped),
        _connection.Limits.SkippedMessages, Interlocked.Read(ref _publishTimeouts));

    /// <summary>Opens the outbox and starts connecting in the background; returns without waiting for the broker.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_outbox is null)
        {
            _outbox = DurableOutbox.Open(_options.Outbox.EffectivePath(_deviceId), _options.Outbox.ToSettings());
            Interlocked.Exchange(ref _nextSequence, _outbox.NextSequence);
        }
        if (_requestHandler is not null) await _connection.SubscribeAsync(Topics.RequestFilter, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        if (_options.HomeAssistant.Enabled) await _connection.SubscribeAsync(_options.HomeAssistant.DiscoveryPrefix + "/status", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        if (_options.HomeAssistant.Enabled)
            foreach (var (topic, payload) in HomeAssistantDiscovery.Messages(_options.HomeAssistant, Topics, _deviceId, _version, _device))
                _retained[topic] = Encoding.UTF8.GetBytes(payload.ToJsonString());
        // The background loops end on DisposeAsync, not with the start-up token.
        _tasks.Add(Task.Run(WriteEventsAsync, CancellationToken.None));
        _tasks.Add(Task.Run(SendOutboxAsync, CancellationToken.None));
        _tasks.Add(Task.Run(SendBestEffortAsync, CancellationToken.None));
        _tasks.Add(Task.Run(PublishStateAsync, CancellationToken.None));
        _tasks.Add(Task.Run(SerializeLandmarksAsync, CancellationToken.None));
        _connection.Start();
        Log.Info(Component, $"publishing to {MqttUrl.Redact(_options.Url)} under {Topics.Prefix}/ (outbox {_outbox.Directory}: {_outbox.Recovery})");
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) => _connection.WaitUntilConnectedAsync(cancellationToken);

    // ---- pipeline side: non-blocking ------------------------------------------------------------------------

    /// <summary>An event object to fill for <see cref="TryPublishEvent"/> (pooled; allocation only while the pool warms up).</summary>
    public FaceEvent RentEvent()
    {
        var e = _pool.Rent();
        e.Reset();
        return e;
    }

    /// <summary>
    /// Numbers a face event and queues it for the outbox. Never blocks. When the queue is full (the disk stalls) the
    /// event is dropped and counted, and its number stays unused, so subscribers see the gap in <c>seq</c>.
    /// </summary>
    public bool TryPublishEvent(FaceEvent e)
    {
        if (_outbox is null) { Interlocked.Increment(ref _dropped); _pool.Return(e); return false; }   // not started
        e.Sequence = Interlocked.Increment(ref _nextSequence) - 1;
        if (_events.Writer.TryWrite(e)) return true;
        long dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0) Log.Warn(Component, $"event queue full (outbox writes too slow): event {e.Sequence} dropped, {dropped} in total");
        _pool.Return(e);
        return false;
    }

    /// <summary>Publishes landmarks of one face on the QoS 0 stream, at most max_rate_hz per face. False when skipped.</summary>
    public bool PublishLandmarks(int faceId, long timestampMs, ReadOnlySpan<PointF> landmarks)
    {
        if (!_options.LandmarksStream.Enabled || !_connection.IsConnected) return false;
        long now = Stopwatch.GetTimestamp();
        long minGap = (long)(Stopwatch.Frequency / _options.LandmarksStream.MaxRateHz);
        lock (_landmarkLastSent)
        {
            if (_landmarkLastSent.TryGetValue(faceId, out long last) && now - last < minGap) { _landmarksSkipped++; return false; }
            _landmarkLastSent[faceId] = now;
        }
        // Called on the frame thread: copy the points into a pooled array; JSON and the socket are the background's.
        var points = ArrayPool<PointF>.Shared.Rent(landmarks.Length);
        landmarks.CopyTo(points);
        if (_landmarks.Writer.TryWrite((faceId, timestampMs, points, landmarks.Length))) return true;
        ArrayPool<PointF>.Shared.Return(points);
        Interlocked.Increment(ref _landmarksSkipped);
        return false;
    }

    private async Task SerializeLandmarksAsync()
    {
        // One writer and one JSON writer for the whole stream: the JSON of a landmark message goes into a pooled
        // array that the sender returns, so serialising allocates nothing per message. (MQTTnet's publish itself
        // allocates its message and packet objects; that is on the sending task, not the frame thread.)
        var buffer = new PooledBufferWriter();
        using var writer = new Utf8JsonWriter(buffer);
        await foreach (var (id, ts, points, count) in _landmarks.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                writer.Reset(buffer);
                FaceEventJson.WriteLandmarks(buffer, id, ts, points.AsSpan(0, count), writer);
                var (array, length) = buffer.Detach();
                QueueBestEffort(Topics.Landmarks, array, length, pooled: true);
            }
            catch (Exception e)
            {
                // one bad message must not end the stream for the rest of the run
                if (Interlocked.Increment(ref _landmarkFailures) == 1) Log.Error(Component, $"landmark stream: {e}");
                buffer.Detach();
            }
            finally
            {
                ArrayPool<PointF>.Shared.Return(points);
            }
        }
    }

    /// <summary>Publishes a stats document (QoS 0, not retained); dropped while offline.</summary>
    public void PublishStats(ReadOnlyMemory<byte> json) => QueueBestEffort(Topics.Stats, json.ToArray(), json.Length, pooled: false);

    /// <summary>Publishes the redacted configuration and its schema, retained, now and after every reconnect.</summary>
    public void PublishConfig(string redactedJson, string schemaJson)
    {
        SetRetained(Topics.Config, Encoding.UTF8.GetBytes(redactedJson));
        SetRetained(Topics.ConfigSchema, Encoding.UTF8.GetBytes(schemaJson));
    }

    /// <summary>
    /// Records one detected frame's face count for Home Assistant. Called on the frame thread, so it only updates the
    /// debouncer (a few field writes under an uncontended lock) and wakes the publishing task when the count changed:
    /// no JSON, no socket, no allocation here. What goes out is debounced and rate-limited (see <see cref="PublishStateAsync"/>).
    /// </summary>
    public void UpdatePresence(int faces)
    {
        long now = Environment.TickCount64;
        bool changed;
        lock (_presence)
        {
            changed = _rawFaces != faces;
            _rawFaces = faces;
            _presence.Observe(faces, now);
        }
        if (changed) Wake();
    }

    /// <summary>Updates the diagnostic sensors (call at the stats interval, not per frame).</summary>
    public void UpdateDiagnostics(DeviceSample sample)
    {
        Volatile.Write(ref _sample, sample);
        Wake();
    }

    private void Wake()
    {
        try { _stateSignal.Release(); } catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// Publishes the retained presence and state topics. Presence is debounced (on/off delays, see
    /// <see cref="PresenceDebouncer"/>) and sent when the debounced value changes. State is sent only when its JSON
    /// changed, and at most once per <c>state_min_interval_ms</c>: a change inside the interval is held back and the
    /// latest value goes out when the interval has passed.
    /// </summary>
    private async Task PublishStateAsync()
    {
        var ha = _options.HomeAssistant;
        bool? publishedPresence = null;
        byte[]? publishedState = null;
        long lastStateAt = long.MinValue / 2;
        bool stateHeld = false;
        while (!_stop.IsCancellationRequested)
        {
            long now = Environment.TickCount64;
            long? wakeAt = null;
            lock (_presence) wakeAt = _presence.PendingUntilMs;
            if (stateHeld) wakeAt = Math.Min(wakeAt ?? long.MaxValue, lastStateAt + ha.StateMinIntervalMs);
            var timeout = wakeAt is { } at ? TimeSpan.FromMilliseconds(Math.Clamp(at - now, 0, int.MaxValue)) : Timeout.InfiniteTimeSpan;
            try { await _stateSignal.WaitAsync(timeout, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }

            now = Environment.TickCount64;
            bool? present;
            int faces;
            lock (_presence)
            {
                _presence.Evaluate(now);
                present = _presence.Present;
                faces = _presence.Faces(_rawFaces);
            }
            if (present is { } p && p != publishedPresence)
            {
                SetRetained(Topics.Presence, p ? "ON"u8.ToArray() : "OFF"u8.ToArray());
                // device triggers fire on changes only, not for the state found at start
                if (publishedPresence is not null && ha.Enabled)
                {
                    Trigger(p ? "face_appeared"u8 : "face_left"u8);
                }
                publishedPresence = p;
            }
            var sample = Volatile.Read(ref _sample);
            if (present is null && sample is null) continue;   // nothing measured yet: publish nothing
            var status = Status;
            var state = StateDocument.Write(present is null ? null : faces, sample, status.Queued, status.Dropped,
                present is null ? null : _insights.SomeoneFacing, _insights.LastDwellSeconds);
            if (publishedState is not null && state.AsSpan().SequenceEqual(publishedState)) { stateHeld = false; continue; }
            if (now - lastStateAt < ha.StateMinIntervalMs) { stateHeld = true; continue; }
            SetRetained(Topics.State, state);
            publishedState = state;
            lastStateAt = now;
            stateHeld = false;
        }
    }

    // ---- background ---------------------------------------------------------------------------------------------

    private async Task WriteEventsAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                buffer.ResetWrittenCount();
                FaceEventJson.Write(buffer, e, e.Sequence, _options.IncludeLandmarks, writer);
                _outbox!.TryAppend(e.Sequence, Topics.Events, buffer.WrittenSpan, MqttQualityOfServiceLevel.AtLeastOnce, retain: false);
                if (_options.HomeAssistant.Enabled) ForHomeAssistant(e);
                if (e.Type == FaceEventType.End) lock (_landmarkLastSent) _landmarkLastSent.Remove(e.Id);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Interlocked.Increment(ref _dropped);
                Log.Error(Component, $"cannot write event {e.Sequence} to the outbox: {ex.Message}");
            }
            finally
            {
                _pool.Return(e);
            }
            _sendSignal.Release();
        }
    }

    /// <summary>
    /// Home Assistant's view of a face event: the event entity gets a face's start and end, a yawn and a long eye
    /// closure ("drowsy") as {"event_type": ...}; looking and long closures fire device triggers; facing and dwell feed
    /// the state message. Updates without any of these send nothing.
    /// </summary>
    private void ForHomeAssistant(FaceEvent e)
    {
        var insight = _insights.Observe(e);
        if (e.Type is FaceEventType.New or FaceEventType.End) HomeAssistantEvent(e.Type == FaceEventType.New ? "new" : "end", e.Id);
        if (insight.HasFlag(FaceInsight.Yawn)) HomeAssistantEvent("yawn", e.Id);
        if (insight.HasFlag(FaceInsight.EyesClosedLong)) { HomeAssistantEvent("drowsy", e.Id); Trigger("eyes_closed"u8); }
        if (insight.HasFlag(FaceInsight.Looking)) Trigger("looking"u8);
        if (insight.HasFlag(FaceInsight.StateChanged)) Wake();
    }

    private void HomeAssistantEvent(string type, int id)
    {
        byte[] json = Encoding.UTF8.GetBytes($"{{\"event_type\":\"{type}\",\"id\":{id}}}");
        QueueBestEffort(Topics.FaceEvent, json, json.Length, pooled: false);
    }

    private void Trigger(ReadOnlySpan<byte> payload)
    {
        byte[] bytes = payload.ToArray();
        QueueBestEffort(Topics.Trigger, bytes, bytes.Length, pooled: false);
    }

    /// <summary>
    /// Sends the outbox oldest first, one event at a time: the next is published only after the broker acknowledged
    /// the previous one. So events leave in increasing <c>seq</c> on every connection; an event whose publish failed
    /// (connection lost, no PUBACK in time) is the oldest again and goes first on the next connection. A duplicate can
    /// only follow a lost connection or a kill -9, which QoS 1 allows.
    /// </summary>
    private async Task SendOutboxAsync()
    {
        var ct = _stop.Token;
        var message = new MqttApplicationMessage { QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce };
        while (!ct.IsCancellationRequested)
        {
            try { await _sendSignal.WaitAsync(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            _outbox!.Flush();
            while (!ct.IsCancellationRequested && _connection.IsConnected && _outbox.TryPeekOldest(out var m))
            {
                message.Topic = m.Topic;
                message.PayloadSegment = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m.Payload, out var segment) ? segment : m.Payload.ToArray();
                message.QualityOfServiceLevel = m.QualityOfService;
                message.Retain = m.Retain;
                try
                {
                    var result = await _connection.PublishAsync(message, _publishTimeout, ct).ConfigureAwait(false);
                    if ((int)result.ReasonCode < 0x80)
                    {
                        _outbox.Acknowledge(m.Sequence);
                        Interlocked.Increment(ref _sent);
                    }
                    else
                    {
                        // MQTT 5 broker refused it (not authorised, quota, payload format...): it will never take it,
                        // and keeping it would block every later event.
                        Log.Warn(Component, $"broker rejected event {m.Sequence}: {result.ReasonCode} {result.ReasonString}");
                        _outbox.Acknowledge(m.Sequence);
                        Interlocked.Increment(ref _dropped);
                    }
                }
                catch (TimeoutException e)
                {
                    Interlocked.Increment(ref _publishTimeouts);
                    Log.Warn(Component, $"event {m.Sequence}: {e.Message}; it goes first on the next connection");
                    break;
                }
                catch (Exception e) when (e is MqttClientNotConnectedException or MqttCommunicationException or ObjectDisposedException or IOException
                                               || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    break; // the connection went away; the event stays oldest
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception e) when (e is ArgumentException or MqttProtocolViolationException or NotSupportedException)
                {
                    // Cannot be encoded (e.g. larger than the broker's maximum packet size): it would block the queue forever.
                    Log.Warn(Component, $"event {m.Sequence} cannot be sent ({e.Message}); dropped");
                    _outbox.Acknowledge(m.Sequence);
                    Interlocked.Increment(ref _dropped);
                }
                _outbox.Flush();
            }
        }
    }

    private bool QueueBestEffort(string topic, byte[] buffer, int length, bool pooled)
    {
        if (_bestEffort.Writer.TryWrite((topic, buffer, length, pooled))) return true;
        if (pooled) ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private async Task SendBestEffortAsync()
    {
        await foreach (var (topic, buffer, length, pooled) in _bestEffort.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (_connection.IsConnected)
                    await _connection.PublishAsync(new MqttApplicationMessage { Topic = topic, PayloadSegment = new ArraySegment<byte>(buffer, 0, length) },
                        _publishTimeout, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MqttClientNotConnectedException or MqttCommunicationException or IOException or ObjectDisposedException
                                           or OperationCanceledException or TimeoutException) { }
            catch (Exception e) when (e is ArgumentException or MqttProtocolViolationException) { Interlocked.Increment(ref _dropped); Log.Warn(Component, $"{topic}: {e.Message}; dropped"); }
            finally
            {
                if (pooled) ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void SetRetained(string topic, byte[] payload)
    {
        _retained[topic] = payload;
        if (_connection.IsConnected) _ = PublishRetainedAsync(topic, payload);
    }

    private async Task PublishRetainedAsync(string topic, byte[] payload)
    {
        try
        {
            var message = new MqttApplicationMessage { Topic = topic, PayloadSegment = payload, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, Retain = true };
            await _connection.PublishAsync(message, _publishTimeout, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or MqttClientNotConnectedException or MqttCommunicationException or TimeoutException) { }
        catch (Exception e) { Log.Warn(Component, $"publishing {topic} failed: {e.Message}"); }
    }

    private Task OnConnectedAsync()
    {
        // Status first so Home Assistant sees the device available before its entities' states.
        _ = PublishRetainedAsync(Topics.Status, "online"u8.ToArray());
        foreach (var (topic, payload) in _retained) _ = PublishRetainedAsync(topic, payload);
        try { _sendSignal.Release(); } catch (ObjectDisposedException) { }
        return Task.CompletedTask;
    }

    /// <summary>Runs on MQTTnet's receive loop, before the PUBACK: decides quickly and hands slow work to the pool.</summary>
    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (message.Topic.StartsWith(IncomingLimits.OversizedTopicPrefix, StringComparison.Ordinal))
        {
            // SizeLimitedChannel stood in for a packet over the limit; it has counted it. Log the first and every 100th.
            long seen = Interlocked.Increment(ref _oversizedSeen);
            if (seen == 1 || seen % 100 == 0)
                Log.Warn(Component, $"skipped an incoming message of {Encoding.ASCII.GetString(message.Payload)} bytes on '{message.Topic[IncomingLimits.OversizedTopicPrefix.Length..]}' " +
                    $"(over the {_connection.Limits.MaximumPacketBytes}-byte limit; {seen} in total); the connection stays up");
            return Task.CompletedTask;
        }
        if (_options.HomeAssistant.Enabled && message.Topic == _options.HomeAssistant.DiscoveryPrefix + "/status")
        {
            if (message.Payload.Length == 6 && message.ConvertPayloadToString() == "online")
            {
                Log.Info(Component, "Home Assistant came online: re-sending discovery");
                foreach (var (topic, payload) in _retained) _ = PublishRetainedAsync(topic, payload);
            }
            return Task.CompletedTask;
        }
        if (_dispatcher is null) return Task.CompletedTask;
        if (Interlocked.Increment(ref _pendingRequests) > MaxPendingRequests)
        {
            Interlocked.Decrement(ref _pendingRequests);
            Log.Warn(Component, $"request on {message.Topic} ignored: {MaxPendingRequests} requests are already waiting");
            return Task.CompletedTask;
        }
        var request = RequestDispatcher.ToRequest(message);
        // Requests run beside the receive path (a restart request may take long), a few at a time.
        _ = Task.Run(async () =>
        {
            try
            {
                await _requestSlots.WaitAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    var response = await _dispatcher.HandleAsync(request, _stop.Token).ConfigureAwait(false);
                    if (response is not null) await _connection.PublishAsync(response, _publishTimeout, _stop.Token).ConfigureAwait(false);
                }
                finally { _requestSlots.Release(); }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
            catch (Exception e) { Log.Warn(Component, $"answering {request.Topic} failed: {e.Message}"); }
            finally { Interlocked.Decrement(ref _pendingRequests); }
        });
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        _landmarks.Writer.TryComplete();
        _bestEffort.Writer.TryComplete();
        // Let queued events reach the outbox; the outbox keeps what the broker has not acknowledged.
        if (_tasks.Count > 0) await Task.WhenAny(_tasks[0], Task.Delay(2000)).ConfigureAwait(false);
        if (_connection.IsConnected)
        {
            // A clean shutdown publishes offline itself: DISCONNECT suppresses the Last Will.
            try
            {
                var offline = new MqttApplicationMessage { Topic = Topics.Status, PayloadSegment = "offline"u8.ToArray(), QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, Retain = true };
                await _connection.PublishAsync(offline, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or MqttClientNotConnectedException or MqttCommunicationException or IOException or OperationCanceledException) { }
        }
        _stop.Cancel();
        try { await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false); } catch (Exception) { }
        await _connection.DisposeAsync().ConfigureAwait(false);
        _outbox?.Dispose();
    }
}
