using System.Text.Json.Nodes;

namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>
/// Builds the device-based discovery message (<c>&lt;discovery_prefix&gt;/device/&lt;id&gt;/config</c>) announcing a
/// "face present" occupancy binary_sensor, a face count sensor and three diagnostic sensors (processed fps,
/// inference time, SoC temperature), all bound to the availability on &lt;prefix&gt;/status.
/// </summary>
public static class HomeAssistantDiscovery
{
    public static string Topic(string discoveryPrefix, string deviceId) => $"{discoveryPrefix.TrimEnd('/')}/device/edgeface_{Sanitize(deviceId)}/config";

    public static JsonObject Build(EdgeFaceTopics topics, string deviceId, string version)
    {
        string id = "edgeface_" + Sanitize(deviceId);
        JsonObject Sensor(string name, string stateTopic, string? template, string? unit, string? deviceClass, bool diagnostic, string key)
        {
            var o = new JsonObject
            {
                ["p"] = "sensor", ["name"] = name, ["unique_id"] = $"{id}_{key}", ["state_topic"] = stateTopic,
                ["state_class"] = "measurement",
            };
            if (template is not null) o["value_template"] = template;
            if (unit is not null) o["unit_of_measurement"] = unit;
            if (deviceClass is not null) o["device_class"] = deviceClass;
            if (diagnostic) o["entity_category"] = "diagnostic";
            return o;
        }
        return new JsonObject
        {
            ["dev"] = new JsonObject
            {
                ["ids"] = new JsonArray(id), ["name"] = $"EdgeFace {deviceId}", ["mf"] = "EdgeFace", ["mdl"] = "EdgeFace face detector", ["sw"] = version,
            },
            ["o"] = new JsonObject { ["name"] = "EdgeFace", ["sw"] = version },
            ["availability_topic"] = topics.Status,
            ["payload_available"] = "online",
            ["payload_not_available"] = "offline",
            ["qos"] = 1,
            ["cmps"] = new JsonObject
            {
                ["face_present"] = new JsonObject
                {
                    ["p"] = "binary_sensor", ["name"] = "Face present", ["unique_id"] = $"{id}_face_present", ["device_class"] = "occupancy",
                    ["state_topic"] = topics.Presence, ["payload_on"] = "ON", ["payload_off"] = "OFF",
                },
                ["face_count"] = Sensor("Faces", topics.State, "{{ value_json.faces }}", null, null, false, "face_count"),
                ["fps"] = Sensor("Processed FPS", topics.State, "{{ value_json.fps }}", "fps", null, true, "fps"),
                ["inference_ms"] = Sensor("Inference time", topics.State, "{{ value_json.inference_ms }}", "ms", "duration", true, "inference_ms"),
                ["soc_temperature"] = Sensor("SoC temperature", topics.State, "{{ value_json.soc_temp_c }}", "°C", "temperature", true, "soc_temperature"),
            },
        };
    }

    private static string Sanitize(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
}
