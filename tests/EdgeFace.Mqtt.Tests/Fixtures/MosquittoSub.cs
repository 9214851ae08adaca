namespace EdgeFace.Mqtt.Tests.Fixtures;

/// <summary>mosquitto_sub as an independent peer: prints "retain topic payload" per message.</summary>
public static class MosquittoSub
{
    public static async Task<RunningTool> StartAsync(MosquittoBroker broker, string topic, int qos = 1, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-q", qos.ToString(), "-F", "%r %t %p", "-d" };
        args.AddRange(extra);
        var sub = Tool.Start("mosquitto_sub", args);
        // -d prints debug lines; wait for the SUBACK so nothing published afterwards can be missed.
        await sub.WaitForLineAsync(l => l.Contains("SUBACK"), TimeSpan.FromSeconds(10));
        return sub;
    }

    /// <summary>Message lines only (the debug lines of -d start with "Client ").</summary>
    public static IEnumerable<string> Messages(RunningTool sub) =>
        sub.Lines.Where(l => !l.StartsWith("Client ") && !l.StartsWith("Subscribed"));

    public static Task PublishAsync(MosquittoBroker broker, string topic, string payload, int qos = 1, bool retain = false, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-m", payload, "-q", qos.ToString() };
        if (retain) args.Add("-r");
        args.AddRange(extra);
        return Tool.RunAsync("mosquitto_pub", args);
    }
}
