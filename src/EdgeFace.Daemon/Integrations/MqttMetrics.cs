using System.Text;
using System.Text.Json.Nodes;
using EdgeFace.Device.Metrics;
using EdgeFace.Messaging;

namespace EdgeFace.Integrations;

/// <summary>The MQTT service's counters as they appear on the <c>stats</c> topic and on <c>/metrics</c>.</summary>
public static class MqttMetrics
{
    public static JsonObject ToJson(MqttServiceStatus s) => new()
    {
        ["connected"] = s.Connected,
        ["connects"] = s.Connects,
        ["queued"] = s.Queued,
        ["outbox_bytes"] = s.OutboxBytes,
        ["sent"] = s.Sent,
        ["dropped"] = s.Dropped,
        ["publish_timeouts"] = s.PublishTimeouts,
        ["oversized_skipped"] = s.OversizedSkipped,
    };

    /// <summary>Prometheus families for <paramref name="s"/>; empty when MQTT is off.</summary>
    public static string ToPrometheus(MqttServiceStatus? s)
    {
        if (s is null) return "";
        var sb = new StringBuilder(1024);
        new PrometheusWriter(sb)
            .Family("edgeface_mqtt_connected", "gauge", "1 while connected to the broker.").Sample(s.Connected ? 1 : 0)
            .Family("edgeface_mqtt_connects_total", "counter", "Successful broker connections since start.").Sample(s.Connects)
            .Family("edgeface_mqtt_outbox_events", "gauge", "Events in the durable outbox not yet acknowledged by the broker.").Sample(s.Queued)
            .Family("edgeface_mqtt_outbox_bytes", "gauge", "Bytes of unacknowledged events in the outbox.").Sample(s.OutboxBytes)
            .Family("edgeface_mqtt_events_sent_total", "counter", "Events acknowledged by the broker (PUBACK).").Sample(s.Sent)
            .Family("edgeface_mqtt_dropped_total", "counter", "Messages dropped: queue or outbox full, refused by the broker, offline best-effort.").Sample(s.Dropped)
            .Family("edgeface_mqtt_publish_timeouts_total", "counter", "Publishes not acknowledged in time; each reopened the connection.").Sample(s.PublishTimeouts)
            .Family("edgeface_mqtt_oversized_skipped_total", "counter", "Incoming messages over the packet size limit, skipped with the connection kept.").Sample(s.OversizedSkipped);
        return sb.ToString();
    }
}
