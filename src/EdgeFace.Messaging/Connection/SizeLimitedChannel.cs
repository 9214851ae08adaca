using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet.Channel;

namespace EdgeFace.Messaging.Connection;

/// <summary>
/// Sits between MQTTnet and its TCP/TLS channel and bounds what a broker can make the client hold. MQTTnet
/// allocates the whole body of a packet as soon as it has read the remaining length (<c>new byte[bodyLength]</c>,
/// up to 256 MB on a claim alone) and has no receive-side size limit. This channel reads the MQTT framing first:
/// <list type="bullet">
/// <item>a packet within the limit passes through unchanged;</item>
/// <item>an oversized PUBLISH is replaced by a small PUBLISH with the same flags and packet identifier on
/// <see cref="IncomingLimits.OversizedTopicPrefix"/> + topic, and its body is read and discarded in 4 KiB
/// pieces. MQTTnet then acknowledges it as usual (the broker's in-flight slot is freed, the connection stays up)
/// and the service drops the stand-in;</item>
/// <item>any other oversized packet (CONNACK, SUBACK, ...) means a broken or hostile broker: the connection is
/// closed with the reason.</item>
/// </list>
/// Writes pass through untouched.
/// </summary>
public sealed class SizeLimitedChannel : IMqttChannel
{
    private const int PublishType = 3;
    private const int MaxTopicInStandIn = 128;
    private readonly IMqttChannel _inner;
    private readonly IncomingLimits _limits;
    private readonly bool _v5;
    private byte[] _in = new byte[4096];
    private int _inStart, _inEnd;
    private long _passRemaining, _skipRemaining;
    private byte[] _standIn = [];
    private int _standInPos, _standInLength;
    private byte[]? _discard;

    public SizeLimitedChannel(IMqttChannel inner, IncomingLimits limits, bool mqtt5)
    {
        _inner = inner;
        _limits = limits;
        _v5 = mqtt5;
    }

    public X509Certificate2 ClientCertificate => _inner.ClientCertificate;
    public EndPoint RemoteEndPoint => _inner.RemoteEndPoint;
    public EndPoint LocalEndPoint => _inner.LocalEndPoint;
    public bool IsSecureConnection => _inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => _inner.ConnectAsync(cancellationToken);
    public Task DisconnectAsync(CancellationToken cancellationToken) => _inner.DisconnectAsync(cancellationToken);
    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);
    public void Dispose() => _inner.Dispose();

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (count <= 0) return 0;
        while (true)
        {
            if (_standInPos < _standInLength)
            {
                int n = Math.Min(count, _standInLength - _standInPos);
                Buffer.BlockCopy(_standIn, _standInPos, buffer, offset, n);
                _standInPos += n;
                return n;
            }
            if (_passRemaining > 0)
            {
                int buffered = _inEnd - _inStart;
                if (buffered > 0)
                {
                    int n = (int)Math.Min(Math.Min(count, buffered), _passRemaining);
                    Buffer.BlockCopy(_in, _inStart, buffer, offset, n);
                    _inStart += n;
                    _passRemaining -= n;
                    return n;
                }
                int read = await _inner.ReadAsync(buffer, offset, (int)Math.Min(count, _passRemaining), cancellationToken).ConfigureAwait(false);
                _passRemaining -= read;
                return read;
            }
            if (_skipRemaining > 0 && !await SkipAsync(cancellationToken).ConfigureAwait(false)) return 0;
            if (!await ReadNextHeaderAsync(cancellationToken).ConfigureAwait(false)) return 0;
        }
    }

    /// <summary>Looks at the next packet's fixed header and decides to pass it, replace it, or refuse it. False at end of stream.</summary>
    private async Task<bool> ReadNextHeaderAsync(CancellationToken ct)
    {
        if (!await FillAsync(2, ct).ConfigureAwait(false)) return false;
        // Remaining length: 1-4 bytes, 7 bits each, high bit = more follows.
        int remaining = 0, headerBytes = 1;
        for (int shift = 0; ; shift += 7)
        {
            if (headerBytes > 4) throw new IOException("malformed MQTT packet: remaining length longer than 4 bytes");
            if (!await FillAsync(headerBytes + 1, ct).ConfigureAwait(false)) return false;
            byte b = _in[_inStart + headerBytes];
            headerBytes++;
            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (remaining <= _limits.MaximumPacketBytes - headerBytes)
        {
            _passRemaining = headerBytes + (long)remaining;
            return true;
        }
        byte first = _in[_inStart];
        if (first >> 4 != PublishType)
            throw new IOException($"the broker sent a packet of type {first >> 4} with {remaining} bytes, over the {_limits.MaximumPacketBytes}-byte limit; closing the connection");
        await ReplaceOversizedPublishAsync(first, headerBytes, remaining, ct).ConfigureAwait(false);
        return true;
    }

    private async Task ReplaceOversizedPublishAsync(byte first, int headerBytes, int remaining, CancellationToken ct)
    {
        int qos = (first >> 1) & 3;
        // Variable header: topic (2-byte length + UTF-8), then the packet identifier for QoS 1/2. At most 65,541 bytes.
        if (!await FillAsync(headerBytes + 2, ct).ConfigureAwait(false)) throw new EndOfStreamException();
        int topicLength = BinaryPrimitives.ReadUInt16BigEndian(_in.AsSpan(_inStart + headerBytes));
        int variable = 2 + topicLength + (qos > 0 ? 2 : 0);
        if (variable > remaining) throw new IOException("malformed MQTT PUBLISH: topic longer than the packet");
        if (!await FillAsync(headerBytes + variable, ct).ConfigureAwait(false)) throw new EndOfStreamException();
        var topic = _in.AsSpan(_inStart + headerBytes + 2, topicLength);
        int keep = Utf8Prefix(topic, MaxTopicInStandIn);
        ushort packetId = qos > 0 ? BinaryPrimitives.ReadUInt16BigEndian(_in.AsSpan(_inStart + headerBytes + 2 + topicLength)) : (ushort)0;
        long total = headerBytes + (long)remaining;

        // The stand-in: same first byte (QoS, retain, DUP), a $ topic naming the original, the original size as payload.
        byte[] prefix = Encoding.ASCII.GetBytes(IncomingLimits.OversizedTopicPrefix);
        byte[] payload = Encoding.ASCII.GetBytes(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int standInTopic = prefix.Length + keep;
        int body = 2 + standInTopic + (qos > 0 ? 2 : 0) + (_v5 ? 1 : 0) + payload.Length;
        int length = 0;
        var packet = new byte[1 + 4 + body];
        packet[length++] = first;
        for (int v = body; ; )
        {
            byte digit = (byte)(v & 0x7F);
            v >>= 7;
            packet[length++] = v > 0 ? (byte)(digit | 0x80) : digit;
            if (v == 0) break;
        }
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(length), (ushort)standInTopic);
        length += 2;
        prefix.CopyTo(packet, length); length += prefix.Length;
        topic[..keep].CopyTo(packet.AsSpan(length)); length += keep;
        if (qos > 0) { BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(length), packetId); length += 2; }
        if (_v5) packet[length++] = 0; // no properties
        payload.CopyTo(packet, length); length += payload.Length;

        _inStart += headerBytes + variable;
        _skipRemaining = remaining - variable;
        _standIn = packet;
        _standInPos = 0;
        _standInLength = length;
        _limits.CountSkipped(total);
        if (_in.Length > 4096 && _inEnd - _inStart <= 4096) ShrinkBuffer();
    }

    /// <summary>Discards the rest of an oversized packet without keeping more than 4 KiB of it at a time. False at end of stream.</summary>
    private async Task<bool> SkipAsync(CancellationToken ct)
    {
        int buffered = (int)Math.Min(_inEnd - _inStart, _skipRemaining);
        _inStart += buffered;
        _skipRemaining -= buffered;
        _discard ??= new byte[4096];
        while (_skipRemaining > 0)
        {
            int read = await _inner.ReadAsync(_discard, 0, (int)Math.Min(_discard.Length, _skipRemaining), ct).ConfigureAwait(false);
            if (read == 0) return false;
            _skipRemaining -= read;
        }
        return true;
    }

    /// <summary>Makes at least <paramref name="needed"/> bytes available at <c>_inStart</c>. False at end of stream.</summary>
    private async Task<bool> FillAsync(int needed, CancellationToken ct)
    {
        if (_inEnd - _inStart >= needed) return true;
        if (_in.Length - _inStart < needed)
        {
            // Compact, and grow only for an oversized PUBLISH's variable header (bounded by its 16-bit topic length).
            var target = needed > _in.Length ? new byte[Math.Max(needed, _in.Length * 2)] : _in;
            Buffer.BlockCopy(_in, _inStart, target, 0, _inEnd - _inStart);
            _inEnd -= _inStart;
            _inStart = 0;
            _in = target;
        }
        while (_inEnd - _inStart < needed)
        {
            int read = await _inner.ReadAsync(_in, _inEnd, _in.Length - _inEnd, ct).ConfigureAwait(false);
            if (read == 0) return false;
            _inEnd += read;
        }
        return true;
    }

    private void ShrinkBuffer()
    {
        var small = new byte[4096];
        Buffer.BlockCopy(_in, _inStart, small, 0, _inEnd - _inStart);
        _inEnd -= _inStart;
        _inStart = 0;
        _in = small;
    }

    /// <summary>The longest prefix of <paramref name="utf8"/> up to <paramref name="max"/> bytes that does not cut a character.</summary>
    private static int Utf8Prefix(ReadOnlySpan<byte> utf8, int max)
    {
        if (utf8.Length <= max) return utf8.Length;
        int n = max;
        while (n > 0 && (utf8[n] & 0xC0) == 0x80) n--;
        return n;
    }
}
