using EdgeFace.Core.Events;
using EdgeFace.Messaging.Options;

namespace EdgeFace.Messaging.Tests.Messaging;

/// <summary>
/// The child process of the end-to-end outbox test: publishes face events through a real <see cref="MqttService"/>
/// until the outbox has assigned <c>count</c> sequence numbers, prints progress, and says DONE once all are acknowledged.
/// </summary>
public static class OutboxPublisherProcess
{
    public static async Task<int> Run(string[] args)
    {
        int port = int.Parse(args[0]);
        string dir = args[1];
        long count = long.Parse(args[2]);
        var options = new MqttOptions
        {
            Enabled = true, Url = $"mqtt://127.0.0.1:{port}", KeepAliveS = 5,
            Outbox = new OutboxOptions { Path = dir, FsyncIntervalMs = 100 },
            HomeAssistant = new HomeAssistantOptions { Enabled = false },
        };
        await using var service = new MqttService(options, "e2e");
        await service.StartAsync();
        Console.WriteLine($"started next={service.Outbox!.NextSequence}");
        long lastReported = 0;
        while (service.Outbox.NextSequence <= count)
        {
            var e = service.RentEvent();
            e.Type = FaceEventType.Update;
            e.Id = 1;
            e.TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            e.Box = new System.Drawing.RectangleF(10, 20, 30, 40);
            e.Score = 0.9f;
            if (!service.TryPublishEvent(e)) await Task.Delay(5);
            await Task.Delay(3);
            long next = service.Outbox.NextSequence;
            if (next / 50 != lastReported / 50) { Console.WriteLine($"appended {next - 1}"); lastReported = next; }
        }
        while (service.Outbox.Count > 0) await Task.Delay(20);
        Console.WriteLine("DONE");
        return 0;
    }
}
