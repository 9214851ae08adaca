namespace EdgeFace.Messaging.Tests.Fixtures;

/// <summary>mosquitto_sub as an independent peer: prints "retain topic payload" per message.</summary>
public static class MosquittoSub
{
    private const string ProbeTopic = "edgeface-test/probe";

    public static async Task<RunningTool> StartAsync(MosquittoBroker broker, string topic, int qos = 1, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-t", ProbeTopic, "-q", qos.ToString(), "-F", "%r %t %p" };
        args.AddRange(extra);
        var sub = Tool.Start("mosquitto_sub", args);
        // Publish probes until one comes back: then the subscription is active and nothing published later is missed.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!sub.Lines.Any(l => l.Contains(ProbeTopic)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"mosquitto_sub did not come up: {sub.Errors}");
            await Tool.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", ProbeTopic, "-m", "probe"]);
            await Task.Delay(100);
        }
        return sub;
    }

    /// <summary>Message lines without the readiness probes.</summary>
    public static IEnumerable<string> Messages(RunningTool sub) => sub.Lines.Where(l => !l.Contains(ProbeTopic));

    public static Task PublishAsync(MosquittoBroker broker, string topic, string payload, int qos = 1, bool retain = false, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-m", payload, "-q", qos.ToString() };
        if (retain) args.Add("-r");
        args.AddRange(extra);
        return Tool.RunAsync("mosquitto_pub", args);
    }
}
