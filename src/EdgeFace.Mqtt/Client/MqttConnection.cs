using System.Diagnostics;
using EdgeFace.Mqtt.Packets;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Mqtt.Client;

/// <summary>
/// One network connection of a client session: the packet channel, the times of the last traffic for keep-alive,
/// and a one-shot "closed" signal carrying the reason. A session outlives many connections.
/// </summary>
internal sealed class MqttConnection
{
    private readonly MqttPacketChannel _channel;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSent = Stopwatch.GetTimestamp();
    private long _lastReceived = Stopwatch.GetTimestamp();

    public MqttConnection(MqttPacketChannel channel) => _channel = channel;

    public MqttPacketChannel Channel => _channel;
    public CancellationToken Token => _cts.Token;
    public Task<string> Closed => _closed.Task;
    public bool IsOpen => !_closed.Task.IsCompleted;
    public TimeSpan SinceLastSent => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastSent));
    public TimeSpan SinceLastReceived => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastReceived));
    /// <summary>Timestamp of the unanswered PINGREQ, 0 when none is outstanding.</summary>
    public long PingSentAt;

    public async ValueTask SendAsync(MqttPacket packet)
    {
        await _channel.SendAsync(packet, _cts.Token).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastSent, Stopwatch.GetTimestamp());
    }

    public async ValueTask<MqttPacket> ReceiveAsync()
    {
        var packet = await _channel.ReceiveAsync(_cts.Token).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastReceived, Stopwatch.GetTimestamp());
        return packet;
    }

    /// <summary>Closes once; later calls keep the first reason.</summary>
    public void Close(string reason)
    {
        if (!_closed.TrySetResult(reason)) return;
        _cts.Cancel();
        _ = _channel.DisposeAsync().AsTask();
    }
}
