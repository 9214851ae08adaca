using EdgeFace.Core.Events;

namespace EdgeFace.Messaging.Tests.Fixtures;

public static class TestEvents
{
    /// <summary>Queues one small update event; false when the service refused it.</summary>
    public static bool PublishOne(MqttService service, int faceId = 1)
    {
        var e = service.RentEvent();
        e.Type = FaceEventType.Update;
        e.Id = faceId;
        e.TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        e.Box = new System.Drawing.RectangleF(10, 20, 30, 40);
        e.Score = 0.9f;
        return service.TryPublishEvent(e);
    }

    /// <summary>The <c>seq</c> of an event payload.</summary>
    public static long Seq(ReadOnlySpan<byte> json) => System.Text.Json.JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("seq").GetInt64();

    /// <summary>
    /// What a consumer of <c>seq</c> needs: every event seen for the first time has a higher number than every event
    /// before it. (A duplicate of an earlier event may follow a reconnect: QoS 1.) Returns the offending pairs.
    /// </summary>
    public static List<(long Before, long After)> NewEventsOutOfOrder(IEnumerable<long> arrival)
    {
        var seen = new HashSet<long>();
        long highest = long.MinValue;
        var bad = new List<(long, long)>();
        foreach (long s in arrival)
        {
            if (!seen.Add(s)) continue;
            if (s < highest) bad.Add((highest, s));
            highest = Math.Max(highest, s);
        }
        return bad;
    }
}
