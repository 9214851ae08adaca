namespace EdgeFace.Capture.Supervision;

/// <summary>How a <see cref="CaptureSupervisor"/> reacts to trouble.</summary>
public sealed record CaptureSupervisorOptions
{
    /// <summary>Frames buffered for the consumer; when full the oldest is dropped. 1–2 keeps latency lowest.</summary>
    public int QueueCapacity { get; init; } = 2;
    /// <summary>No frame for this long while streaming counts as an outage (the source is reopened).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>First reconnect delay; doubles per failed attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Reconnect delay cap.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Give up (state Failed) after this many failed opens in a row; null retries forever (a camera may be replugged).</summary>
    public int? MaxConsecutiveFailures { get; init; }
    /// <summary>How long one read waits before the loop checks for stalls and stop requests.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
