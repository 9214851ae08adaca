using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeFace.Messaging.Tests.Fixtures;

/// <summary>One PUBLISH as the fake broker read it off the socket, with the connection it came on (1, 2, ...).</summary>
public sealed record RecordedPublish(int Connection, string Topic, byte[] Payload, int Qos);

/// <summary>
/// A minimal MQTT 3.1.1 broker on a loopback socket that records every PUBLISH in the order it was read from the
/// wire, per connection. Used where a real mosquitto cannot show what a test needs: the exact order of packets on
/// one connection, a broker that drops the connection mid-stream, one that stops acknowledging (frozen), and the
/// raw first bytes a client sends. It answers CONNECT, SUBSCRIBE, PINGREQ and QoS 1 PUBLISH.
/// </summary>
public sealed class RecordingBroker : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedPublish> _published = new();
    private readonly ConcurrentQueue<byte[]> _firstBytes = new();
    private readonly List<Socket> _sockets = new();
    private int _connections;

    public RecordingBroker()
    {
        _listener = new TcpListener(IPAddress.Loopback, EdgeFace.TestSupport.LoopbackPorts.Free());
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref _connections);
    public IReadOnlyList<RecordedPublish> Published => _published.ToArray();
    /// <summary>Up to the first 64 bytes each connection sent, before anything was parsed (to tell TLS from MQTT).</summary>
    public IReadOnlyList<byte[]> FirstBytes => _firstBytes.ToArray();

    /// <summary>Close each connection (without acknowledging) once it has carried this many publishes; 0 = never.</summary>
    public int DropEvery { get; set; }
    /// <summary>On the first connection only, stop reading and answering after this many publishes (a frozen broker); 0 = never.</summary>
    public int FreezeFirstConnectionAfter { get; set; }
    /// <summary>Only record, never parse: for TLS clients, whose bytes are not MQTT.</summary>
    public bool RecordOnly { get; set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            lock (_sockets) _sockets.Add(socket);
            int id = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(socket, id));
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var ct = _stop.Token;
        try
        {
            if (RecordOnly)
            {
                var first = new byte[64];
                int n = await stream.ReadAtLeastAsync(first, 5, throwOnEndOfStream: false, ct);
                _firstBytes.Enqueue(first[..n]);
                await Task.Delay(Timeout.Infinite, ct);
                return;
            }
            int publishes = 0;
            bool firstPacket = true;
            while (!ct.IsCancellationRequested)
            {
                var (header, body) = await ReadPacketAsync(stream, ct);
                if (firstPacket) { _firstBytes.Enqueue([header, .. body.AsSpan(0, Math.Min(body.Length, 63))]); firstPacket = false; }
                switch (header >> 4)
                {
                    case 1: await stream.WriteAsync(new byte[] { 0x20, 2, 0, 0 }, ct); break;                           // CONNECT -> CONNACK
                    case 8:                                                                                              // SUBSCRIBE -> SUBACK
                    {
                        int filters = 0;
                        for (int p = 2; p < body.Length; p += 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(p)) + 1) filters++;
                        var ack = new byte[4 + filters];
                        ack[0] = 0x90; ack[1] = (byte)(2 + filters); ack[2] = body[0]; ack[3] = body[1];
                        for (int i = 0; i < filters; i++) ack[4 + i] = 1;
                        await stream.WriteAsync(ack, ct);
                        break;
                    }
                    case 12: await stream.WriteAsync(new byte[] { 0xD0, 0 }, ct); break;                               // PINGREQ -> PINGRESP
                    case 14: return;                                                                                     // DISCONNECT
                    case 3:                                                                                              // PUBLISH
                    {
                        int qos = (header >> 1) & 3;
                        int topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
                        string topic = Encoding.UTF8.GetString(body, 2, topicLength);
                        int p = 2 + topicLength;
                        ushort id = 0;
                        if (qos > 0) { id = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(p)); p += 2; }
                        _published.Enqueue(new RecordedPublish(connection, topic, body[p..], qos));
                        publishes++;
                        if (DropEvery > 0 && publishes >= DropEvery) return;  // the last one stays unacknowledged
                        if (connection == 1 && FreezeFirstConnectionAfter > 0 && publishes >= FreezeFirstConnectionAfter)
                        {
                            await Task.Delay(Timeout.Infinite, ct);            // socket open, nothing read or answered
                        }
                        if (qos == 1) await stream.WriteAsync(new byte[] { 0x40, 2, (byte)(id >> 8), (byte)id }, ct);
                        break;
                    }
                }
            }
        }
        catch (Exception) { /* the client went away, or the test ended */ }
    }

    internal static async Task<(byte Header, byte[] Body)> ReadPacketAsync(Stream stream, CancellationToken ct)
    {
        var one = new byte[1];
        await stream.ReadExactlyAsync(one, ct);
        byte header = one[0];
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            await stream.ReadExactlyAsync(one, ct);
            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0) break;
        }
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        return (header, body);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets) foreach (var s in _sockets) try { s.Dispose(); } catch (ObjectDisposedException) { }
    }
}
