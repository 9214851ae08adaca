using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Packets;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Mqtt.Tests.Mqtt;

/// <summary>
/// Hostile-input tests: random frames and mutations of valid frames, fixed seeds, bounded iterations. The decoder
/// may only succeed or throw <see cref="MqttProtocolException"/>, and may never allocate more than a small multiple
/// of the bytes it was given.
/// </summary>
public class DecoderFuzzTests
{
    private const int Limit = 4096;

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 1)]
    [InlineData(MqttProtocolVersion.V500, 2)]
    public void Random_frames_only_ever_raise_protocol_exceptions(MqttProtocolVersion version, int seed)
    {
        var f = MqttPacketFormatter.For(version);
        var rng = new Random(seed);
        var buf = new byte[300];
        int decoded = 0, refused = 0;
        for (int i = 0; i < 50_000; i++)
        {
            int len = rng.Next(1, buf.Length);
            rng.NextBytes(buf.AsSpan(0, len));
            // Keep the declared length plausible half of the time so decoding gets past the header.
            if (i % 2 == 0 && len >= 2) { buf[1] = (byte)Math.Min(len - 2, 127); }
            if (DecodeChecked(f, buf.AsSpan(0, len))) decoded++; else refused++;
        }
        Assert.True(refused > 0);
        Assert.True(decoded + refused == 50_000);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 3)]
    [InlineData(MqttProtocolVersion.V500, 4)]
    public void Mutated_valid_frames_only_ever_raise_protocol_exceptions(MqttProtocolVersion version, int seed)
    {
        var f = MqttPacketFormatter.For(version);
        var rng = new Random(seed);
        using var w = new MqttBufferWriter();
        var valid = MqttSamples.All(version).Select(p => f.Encode(p, w).ToArray()).ToArray();
        int decoded = 0, refused = 0;
        for (int i = 0; i < 60_000; i++)
        {
            var frame = (byte[])valid[rng.Next(valid.Length)].Clone();
            int mutations = rng.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                switch (rng.Next(4))
                {
                    case 0: frame[rng.Next(frame.Length)] ^= (byte)(1 << rng.Next(8)); break;     // bit flip
                    case 1: frame[rng.Next(frame.Length)] = (byte)rng.Next(256); break;            // byte replace
                    case 2: frame = frame[..rng.Next(1, frame.Length + 1)]; break;                 // truncate
                    case 3: if (frame.Length > 2) frame[rng.Next(2, frame.Length)] = 0xFF; break;  // max out a length byte
                }
            }
            if (DecodeChecked(f, frame)) decoded++; else refused++;
        }
        Assert.True(decoded > 0, "some mutations (e.g. payload bytes) leave a valid packet");
        Assert.True(refused > 0);
    }

    private static bool DecodeChecked(MqttPacketFormatter f, ReadOnlySpan<byte> frame)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            return f.TryDecodeFrame(frame, Limit, out _) is not null;
        }
        catch (MqttProtocolException)
        {
            return false;
        }
        finally
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Strings become UTF-16 (2x) plus object headers; lists and records add a constant.
            Assert.True(allocated <= 8L * frame.Length + 4096, $"decoding {frame.Length} bytes allocated {allocated} bytes");
        }
    }

    [Fact]
    public async Task The_channel_refuses_a_huge_declared_length_without_allocating_it()
    {
        // Header claims 268 MB; then the stream just keeps giving bytes.
        var data = new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F }.Concat(new byte[100_000]).ToArray();
        await using var channel = new MqttPacketChannel(new MemoryStream(data), Mqtt311PacketFormatter.Instance, maximumPacketSize: 64 * 1024);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<MqttProtocolException>(async () => await channel.ReceiveAsync(CancellationToken.None));
        Assert.Contains("exceeds the maximum packet size", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public async Task The_channel_reassembles_packets_split_at_every_byte_and_rejects_garbage_streams()
    {
        using var w = new MqttBufferWriter();
        var f = Mqtt5PacketFormatter.Instance;
        var samples = MqttSamples.All(MqttProtocolVersion.V500).ToArray();
        var stream = samples.SelectMany(p => f.Encode(p, w).ToArray()).ToArray();
        await using var channel = new MqttPacketChannel(new TrickleStream(stream, 1), f);
        foreach (var expected in samples)
            Assert.Equal(expected, await channel.ReceiveAsync(CancellationToken.None));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await channel.ReceiveAsync(CancellationToken.None));

        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var garbage = new byte[rng.Next(1, 2000)];
            rng.NextBytes(garbage);
            await using var c = new MqttPacketChannel(new TrickleStream(garbage, rng.Next(1, 64)), f, 8192);
            try
            {
                while (true) await c.ReceiveAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is MqttProtocolException or EndOfStreamException) { }
        }
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
