using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Transport;

/// <summary>
/// Frames packets over a byte stream. Reads go through one receive buffer that grows only up to the maximum
/// packet size, and only after the fixed header has declared a length within it; writes are serialised so
/// concurrent senders never interleave bytes.
/// </summary>
public sealed class MqttPacketChannel : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly MqttPacketFormatter _formatter;
    private readonly int _maximumPacketSize;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly MqttBufferWriter _writer = new(1024);
    private byte[] _receive = new byte[4096];
    private int _start, _end;

    public MqttPacketChannel(Stream stream, MqttPacketFormatter formatter, int maximumPacketSize = MqttDecoderLimits.DefaultMaximumPacketSize)
    {
        _stream = stream;
        _formatter = formatter;
        _maximumPacketSize = maximumPacketSize;
    }

    public MqttPacketFormatter Formatter => _formatter;

    /// <summary>Largest packet the peer will accept (5.0 CONNACK Maximum Packet Size); larger sends fail before touching the socket.</summary>
    public int PeerMaximumPacketSize { get; set; } = MqttDecoderLimits.ProtocolMaximumPacketSize;

    public long BytesReceived { get; private set; }
    public long BytesSent { get; private set; }

    /// <summary>Reads the next packet; throws <see cref="EndOfStreamException"/> when the peer closed the connection.</summary>
    public async ValueTask<MqttPacket> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var buffered = _receive.AsSpan(_start, _end - _start);
            if (MqttFixedHeader.TryRead(buffered, _maximumPacketSize, out var header))
            {
                if (buffered.Length >= header.PacketLength)
                {
                    var packet = _formatter.Decode(header.FirstByte, buffered.Slice(header.HeaderLength, header.RemainingLength));
                    _start += header.PacketLength;
                    if (_start == _end) _start = _end = 0;
                    return packet;
                }
                MakeRoom(header.PacketLength);
            }
            else
            {
                MakeRoom(5);
            }
            int n = await _stream.ReadAsync(_receive.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException("the broker closed the connection");
            _end += n;
            BytesReceived += n;
        }
    }

    // Ensures the buffer can hold `needed` bytes from _start; the length was already checked against the maximum.
    private void MakeRoom(int needed)
    {
        int have = _end - _start;
        if (_start > 0 && _receive.Length - _start < Math.Max(needed, have + 1))
        {
            _receive.AsSpan(_start, have).CopyTo(_receive);
            _start = 0; _end = have;
        }
        if (_receive.Length - _start < needed)
        {
            var bigger = new byte[Math.Min(Math.Max(needed, _receive.Length * 2), Math.Max(needed, _maximumPacketSize))];
            _receive.AsSpan(_start, have).CopyTo(bigger);
            _receive = bigger;
            _start = 0; _end = have;
        }
    }

    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var bytes = _formatter.Encode(packet, _writer);
            if (bytes.Length > PeerMaximumPacketSize)
                throw new EdgeFace.Mqtt.Client.MqttPacketTooLargeException($"{packet.Type} of {bytes.Length} bytes exceeds the broker's maximum packet size {PeerMaximumPacketSize}");
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            BytesSent += bytes.Length;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _stream.DisposeAsync().ConfigureAwait(false); } catch { /* closing a broken socket may throw; nothing to do */ }
        _writer.Dispose();
    }
}
