namespace EdgeFace.Messaging.Connection;

/// <summary>
/// Capped exponential backoff with jitter (MQTTnet 5 has no reconnecting client). The delay for attempt n is drawn
/// from [c/2, c] with c = min(Maximum, Initial · 2^n): the random half keeps a fleet of devices that lost the same
/// broker from reconnecting in lock-step, the fixed half keeps the delay from collapsing to zero.
/// </summary>
public sealed record ReconnectBackoff
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Maximum { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Delay(int attempt, Random random)
    {
        double ceiling = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 62)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + 0.5 * random.NextDouble()));
    }
}
