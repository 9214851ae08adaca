namespace EdgeFace.Mqtt.Client;

/// <summary>
/// Capped exponential backoff with jitter. The delay for attempt n is drawn from [c/2, c] with
/// c = min(MaximumDelay, InitialDelay · Multiplier^n): the random half keeps a fleet of devices that lost the
/// same broker from reconnecting in lock-step, the fixed half keeps the delay from collapsing to zero.
/// </summary>
public sealed record MqttReconnectPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(60);
    public double Multiplier { get; init; } = 2.0;

    public TimeSpan GetDelay(int attempt, Random random)
    {
        double ceiling = Math.Min(MaximumDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(attempt, 62)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + 0.5 * random.NextDouble()));
    }
}
