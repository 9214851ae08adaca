using System.Text.Json.Nodes;

namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>One Home Assistant entity (or device trigger) as announced by discovery.</summary>
/// <param name="Key">The component's key: object id of its own topic, or its key under <c>cmps</c>.</param>
/// <param name="Platform">Home Assistant platform: sensor, binary_sensor, event, switch, button, number, device_automation.</param>
/// <param name="Config">The platform's options (no device, origin or platform key: the message builder adds those).</param>
public sealed record DiscoveryComponent(string Key, string Platform, JsonObject Config);
