using EdgeFace.Mqtt.Packets;

namespace EdgeFace.Mqtt.Client;

/// <summary>An outgoing QoS 1/2 publish that the broker has not confirmed yet.</summary>
internal sealed class PendingPublish
{
    public PendingPublish(PublishPacket packet, long order)
    {
        Packet = packet;
        Order = order;
    }

    public PublishPacket Packet { get; set; }
    /// <summary>Submission order, so re-sends after a reconnect keep the original order.</summary>
    public long Order { get; }
    /// <summary>Went out at least once: only then does a re-send carry DUP (a publish queued while offline does not).</summary>
    public bool Sent { get; set; }
    /// <summary>QoS 2 only: PUBREC arrived, PUBREL sent, waiting for PUBCOMP.</summary>
    public bool Released { get; set; }
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
