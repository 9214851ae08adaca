using System.Diagnostics;
using EdgeFace.Messaging.Connection;
using EdgeFace.Messaging.Outbox;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeFace.Messaging.Benchmarks;

/// <summary>Figures measured by <see cref="OutboxBenchmark.RunAsync"/>.</summary>
public sealed record OutboxBenchmarkResult(int Events, double AppendMicrosecondsPerEvent, double DiskBytesPerEvent, double EndToEndEventsPerSecond, int PayloadBytes,
    double AllocatedBytesPerEvent)
{
    public override string ToString() =>
        $"outbox append: {AppendMicrosecondsPerEvent:0.0} µs/event, {DiskBytesPerEvent:0} bytes/event on disk ({PayloadBytes}-byte payload); " +
        $"QoS 1 through outbox to broker, one at a time: {EndToEndEventsPerSecond:0} events/s, {AllocatedBytesPerEvent:0} B allocated/event ({Events} events)";
}

/// <summary>
/// Measures (1) the outbox's own cost per event (append with the default fsync policy) and (2) QoS 1 events per
/// second from outbox to a broker and back as PUBACKs, sent the way the service sends them: oldest first, the next
/// only after the previous one's PUBACK, through MQTTnet and <see cref="BrokerConnection"/>.
/// </summary>
public static class OutboxBenchmark
{
    public static async Task<OutboxBenchmarkResult> RunAsync(string host, int port, int count, string? directory = null)
    {
        string dir = directory ?? Directory.CreateTempSubdirectory("edgeface-outbox-bench-").FullName;
        byte[] payload = new byte[220];
        "{\"type\":\"update\",\"id\":12,\"seq\":0,\"ts\":1795333614123,\"box\":[100.5,80.2,64.0,64.0],\"score\":0.93,\"keypoints\":[[1,2],[3,4],[5,6],[7,8],[9,10]],\"camera\":\"camera\"}"u8.CopyTo(payload);
        try
        {
            using var outbox = DurableOutbox.Open(dir, new OutboxSettings { MaxBytes = 256L * 1024 * 1024, SegmentBytes = 4 * 1024 * 1024 });
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                outbox.Append("edgeface/bench/events", payload);
                outbox.Flush();
            }
            outbox.Flush(force: true);
            double appendUs = sw.Elapsed.TotalMicroseconds / count;
            long diskBytes = Directory.EnumerateFiles(dir, "seg-*").Sum(f => new FileInfo(f).Length);

            var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("edgeface-bench").Build();
            await using var connection = new BrokerConnection(options, new IncomingLimits(), $"mqtt://{host}:{port}");
            connection.Start();
            await connection.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var message = new MqttApplicationMessage { QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce };
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            while (outbox.TryPeekOldest(out var m))
            {
                message.Topic = m.Topic;
                message.PayloadSegment = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m.Payload, out var segment) ? segment : m.Payload.ToArray();
                await connection.PublishAsync(message, TimeSpan.FromSeconds(10));
                outbox.Acknowledge(m.Sequence);
                outbox.Flush();
            }
            double eventsPerSecond = count / sw.Elapsed.TotalSeconds;
            double bytesPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
            return new OutboxBenchmarkResult(count, appendUs, (double)diskBytes / count, eventsPerSecond, payload.Length, bytesPerEvent);
        }
        finally
        {
            if (directory is null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
