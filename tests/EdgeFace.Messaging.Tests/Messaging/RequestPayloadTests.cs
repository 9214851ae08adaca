using System.Text;
using System.Text.Json;
using EdgeFace.Messaging.Requests;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>What a remote sender may put in a request payload (issue 12, item 7); the real-broker check is in the CLI suite.</summary>
public class RequestPayloadTests
{
    [Fact]
    public void A_key_given_twice_is_refused_and_named()
    {
        var e = Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse("""{"tracker":{"end_after_ms":1,"end_after_ms":2}}"""u8.ToArray()));
        Assert.Contains("end_after_ms", e.Message);
        Assert.Contains("duplicate", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(e.Transaction);
        var withTx = Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse("""{"a":1,"a":2,"transaction":"t-9"}"""u8.ToArray()));
        Assert.Equal("t-9", withTx.Transaction?.GetString());
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_offset()
    {
        byte[] payload = [.. """{"camera_name":"door"""u8, 0xC3, 0x28, .. "\"}"u8];
        var e = Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse(payload));
        Assert.Equal("payload is not valid UTF-8 (byte 21)", e.Message);
        byte[] withTx = [.. """{"camera_name":"door"""u8, 0xC3, 0x28, .. "\",\"transaction\":42}"u8];
        Assert.Equal(42, Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse(withTx)).Transaction?.GetInt32());
        byte[] badTx = [.. """{"transaction":"t"""u8, 0xFF, .. "\"}"u8];
        Assert.Null(Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse(badTx)).Transaction);
    }

    [Fact]
    public void Size_and_depth_are_bounded()
    {
        Assert.Contains("larger than", Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse(new byte[RequestPayload.MaxBytes + 1])).Message);
        string deep = new string('[', RequestPayload.MaxDepth + 1) + new string(']', RequestPayload.MaxDepth + 1);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidRequestException>(() => RequestPayload.Parse(Encoding.UTF8.GetBytes(deep))).Message);
    }

    [Fact]
    public void A_good_payload_is_returned_detached_and_an_empty_one_is_null()
    {
        var root = RequestPayload.Parse("""{"transaction":"t-1","tracker":{"end_after_ms":900}}"""u8.ToArray())!.Value;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(900, root.GetProperty("tracker").GetProperty("end_after_ms").GetInt32());
        Assert.Null(RequestPayload.Parse(ReadOnlyMemory<byte>.Empty));
    }
}
