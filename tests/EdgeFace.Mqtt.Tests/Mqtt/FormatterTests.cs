using EdgeFace.Mqtt.Formatter;
using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Tests.Mqtt;

public class FormatterTests
{
    public static IEnumerable<object[]> SamplePackets()
    {
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
            foreach (var p in MqttSamples.All(version))
                yield return [version, p];
    }

    [Theory]
    [MemberData(nameof(SamplePackets))]
    public void Every_packet_survives_an_encode_decode_round_trip(MqttProtocolVersion version, MqttPacket packet)
    {
        var f = MqttPacketFormatter.For(version);
        using var w = new MqttBufferWriter(8);
        var bytes = f.Encode(packet, w).ToArray();
        var decoded = f.TryDecodeFrame(bytes, 1 << 20, out int consumed);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(packet, decoded);
    }

    [Fact]
    public void Connect_311_matches_the_bytes_of_the_specification_layout()
    {
        var p = new ConnectPacket { ClientId = "ab", KeepAliveSeconds = 60, CleanSession = true, Username = "u", Password = "p"u8.ToArray() };
        using var w = new MqttBufferWriter();
        var bytes = Mqtt311PacketFormatter.Instance.Encode(p, w).ToArray();
        byte[] expected =
        [
            0x10, 20,                       // CONNECT, remaining length
            0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, // protocol name + level 4
            0xC2, 0, 60,                    // user+password+clean session, keep alive 60
            0, 2, (byte)'a', (byte)'b',     // client id
            0, 1, (byte)'u', 0, 1, (byte)'p',
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Publish_qos1_v5_with_response_topic_matches_the_expected_bytes()
    {
        var p = new PublishPacket
        {
            Topic = "a/b", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 10, Payload = "hi"u8.ToArray(),
            Properties = new MqttProperties { ResponseTopic = "r", CorrelationData = new byte[] { 7 } },
        };
        using var w = new MqttBufferWriter();
        var bytes = Mqtt5PacketFormatter.Instance.Encode(p, w).ToArray();
        byte[] expected = [0x32, 17, 0, 3, (byte)'a', (byte)'/', (byte)'b', 0, 10, 8, 0x08, 0, 1, (byte)'r', 0x09, 0, 1, 7, (byte)'h', (byte)'i'];
        expected[1] = (byte)(expected.Length - 2);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Variable_byte_integer_boundaries(int value, byte[] encoded)
    {
        var buf = new byte[4];
        int n = VariableByteInteger.Write(buf, value);
        Assert.Equal(encoded, buf[..n]);
        Assert.Equal(value, VariableByteInteger.Read(encoded, out int used));
        Assert.Equal(encoded.Length, used);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "longer than 4 bytes")]
    [InlineData(new byte[] { 0x80, 0x00 }, "not minimally encoded")]
    public void Malformed_variable_byte_integers_are_refused(byte[] encoded, string reason)
    {
        var e = Assert.Throws<MqttProtocolException>(() => VariableByteInteger.Read(encoded, out _));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_declared_length_over_the_limit_is_refused_before_the_body_arrives()
    {
        // PUBLISH declaring 200 MB: only the 5 header bytes exist.
        byte[] header = [0x30, 0x80, 0x80, 0x80, 0x60];
        var e = Assert.Throws<MqttProtocolException>(() => Mqtt311PacketFormatter.Instance.TryDecodeFrame(header, 4096, out _));
        Assert.Contains("exceeds the maximum packet size", e.Message);
    }

    [Fact]
    public void An_incomplete_frame_asks_for_more_bytes()
    {
        using var w = new MqttBufferWriter();
        var bytes = Mqtt311PacketFormatter.Instance.Encode(new PublishPacket { Topic = "t", Payload = new byte[300] }, w).ToArray();
        for (int cut = 0; cut < bytes.Length; cut++)
            Assert.Null(Mqtt311PacketFormatter.Instance.TryDecodeFrame(bytes.AsSpan(0, cut), 4096, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x36, 5, 0, 1, (byte)'t', 0, 1 }, "QoS 3")]
    [InlineData(new byte[] { 0x38, 3, 0, 1, (byte)'t' }, "DUP set on a QoS 0")]
    [InlineData(new byte[] { 0x32, 5, 0, 1, (byte)'t', 0, 0 }, "identifier 0")]
    [InlineData(new byte[] { 0x30, 3, 0, 1, (byte)'#' }, "wildcard")]
    [InlineData(new byte[] { 0x30, 4, 0, 2, 0xC3, 0x28 }, "UTF-8")]
    [InlineData(new byte[] { 0x30, 3, 0, 1, 0 }, "U+0000")]
    [InlineData(new byte[] { 0x40, 3, 0, 1, 0 }, "trailing")]
    [InlineData(new byte[] { 0x41, 2, 0, 1 }, "reserved flags")]
    [InlineData(new byte[] { 0x80, 2, 0, 1 }, "reserved flags")]
    [InlineData(new byte[] { 0x90, 3, 0, 1, 0x05 }, "not defined")]
    [InlineData(new byte[] { 0xD0, 1, 0 }, "no body")]
    [InlineData(new byte[] { 0x00, 0 }, "reserved")]
    [InlineData(new byte[] { 0xF0, 0 }, "AUTH")]
    [InlineData(new byte[] { 0x20, 2, 0x02, 0 }, "CONNACK reserved")]
    public void Invalid_311_packets_are_refused_with_a_reason(byte[] frame, string reason)
    {
        var e = Assert.Throws<MqttProtocolException>(() => Mqtt311PacketFormatter.Instance.TryDecodeFrame(frame, 4096, out _));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x40, 4, 0, 1, 0, 0 }, null)]                      // PUBACK with reason code + empty properties: valid
    [InlineData(new byte[] { 0x40, 6, 0, 1, 0, 2, 0x01, 1 }, "not allowed")]    // payload format indicator on PUBACK
    [InlineData(new byte[] { 0x40, 5, 0, 1, 0, 9, 0x1F }, "property length")]    // property length beyond packet
    [InlineData(new byte[] { 0x40, 10, 0, 1, 0, 6, 0x1F, 0, 0, 0x1F, 0, 0 }, "twice")]
    [InlineData(new byte[] { 0x40, 5, 0, 1, 0, 1, 0x7E }, "unknown property")]
    [InlineData(new byte[] { 0xB0, 2, 0, 1 }, "past the end")]
    [InlineData(new byte[] { 0xB0, 3, 0, 1, 0 }, "without reason codes")]
    public void Invalid_5_packets_are_refused_with_a_reason(byte[] frame, string? reason)
    {
        if (reason is null)
        {
            Assert.IsType<PubAckPacket>(Mqtt5PacketFormatter.Instance.TryDecodeFrame(frame, 4096, out _));
            return;
        }
        var e = Assert.Throws<MqttProtocolException>(() => Mqtt5PacketFormatter.Instance.TryDecodeFrame(frame, 4096, out _));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Properties_that_a_packet_may_not_carry_are_refused_when_encoding()
    {
        var bad = new SubscribePacket { PacketIdentifier = 1, Filters = [new("a")], Properties = new MqttProperties { ResponseTopic = "x" } };
        using var w = new MqttBufferWriter();
        Assert.Throws<ArgumentException>(() => Mqtt5PacketFormatter.Instance.Encode(bad, w));
    }
}
