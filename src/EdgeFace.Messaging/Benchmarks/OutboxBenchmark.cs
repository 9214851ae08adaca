using System.Diagnostics;
using EdgeFace.Messaging.Outbox;
using EdgeFace.Mqtt;
using EdgeFace.Mqtt.Client;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Messaging.Benchmarks;

/// <summary>Figures measured by <see cref="OutboxBenchmark.RunAsync"/>.</summary>
public sealed record OutboxBenchmarkResult(int Events, double AppendMicrosecondsPerEvent, double DiskBytesPerEvent, double EndToEndEventsPerSecond, int PayloadBytes)
{
    public override string ToString() =>
        $"outbox append: {AppendMicrosecondsPerEvent:0.0} µs/event, {DiskBytesPerEvent:0} bytes/event on disk ({PayloadBytes}-byte payload); " +
        $"QoS 1 through outbox to broker: {EndToEndEventsPerSecond:0} events/s ({Events} events)";
}

/// <summary>
/// Measures (1) the outbox's own cost per event (append with the default fsync policy) and (2) QoS 1 events per
/// second from outbox to a broker and back as PUBACKs, with the same windowed sender the service uses.
/// </summary>
public static class OutboxBenchmark
{
    public static async Task<OutboxBenchmarkResult> RunAsync(string host, int port, int count, string? directory = null, int inFlight = 16)
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

            await using var client = new MqttClient(new MqttClientOptions
            {
                Transport = new MqttTransportOptions { Host = host, Port = port }, ClientId = "edgeface-bench", MaximumInFlight = inFlight,
            });
            await client.ConnectAsync();
            int outstanding = 0;
            var done = new TaskCompletionSource();
            long acked = 0;
            var signal = new SemaphoreSlim(0);
            sw.Restart();
            while (Interlocked.Read(ref acked) < count)
            {
                while (Volatile.Read(ref outstanding) < inFlight && outbox.TryTakeNext(out var m))
                {
                    Interlocked.Increment(ref outstanding);
                    long seq = m.Sequence;
                    _ = client.PublishAsync(new MqttApplicationMessage { Topic = m.Topic, Payload = m.Payload, QualityOfService = MqttQualityOfService.AtLeastOnce })
                        .ContinueWith(_ => { outbox.Acknowledge(seq); Interlocked.Increment(ref acked); Interlocked.Decrement(ref outstanding); signal.Release(); }, TaskScheduler.Default);
                }
                await signal.WaitAsync(TimeSpan.FromMilliseconds(50));
                outbox.Flush();
            }
            double eventsPerSecond = count / sw.Elapsed.TotalSeconds;
            await client.DisconnectAsync();
            return new OutboxBenchmarkResult(count, appendUs, (double)diskBytes / count, eventsPerSecond, payload.Length);
        }
        finally
        {
            if (directory is null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
