using System.Text.Json.Nodes;
using EdgeFace.Messaging.Options;

namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>
/// Builds the Home Assistant discovery messages: either one retained message per component under
/// <c>&lt;prefix&gt;/&lt;platform&gt;/edgeface_&lt;id&gt;/&lt;key&gt;/config</c> (understood by every Home Assistant
/// version with MQTT discovery), or one device-based message under <c>&lt;prefix&gt;/device/edgeface_&lt;id&gt;/config</c>
/// (Home Assistant 2024.11 and newer; older versions only log a warning and create nothing). Both carry the same
/// components; each component states its own QoS and availability, because Home Assistant does not take the device
/// level's QoS for the components.
/// </summary>
public static class HomeAssistantDiscovery
{
    /// <summary>QoS of every subscription Home Assistant makes for EdgeFace's retained topics.</summary>
    private const int Qos = 1;

    /// <summary>What the event entity receives on <see cref="EdgeFaceTopics.FaceEvent"/>.</summary>
    public static readonly string[] EventTypes = ["new", "end", "yawn", "drowsy"];

    /// <summary>Device triggers (payload on <see cref="EdgeFaceTopics.Trigger"/>, and the trigger's type).</summary>
    public static readonly (string Payload, string Type)[] Triggers =
        [("face_appeared", "presence"), ("face_left", "presence"), ("looking", "attention"), ("eyes_closed", "attention")];

    public static string NodeId(string deviceId) => "edgeface_" + Sanitize(deviceId);

    public static string DeviceTopic(string discoveryPrefix, string deviceId) => $"{discoveryPrefix.TrimEnd('/')}/device/{NodeId(deviceId)}/config";

    public static string ComponentTopic(string discoveryPrefix, string deviceId, DiscoveryComponent c) =>
        $"{discoveryPrefix.TrimEnd('/')}/{c.Platform}/{NodeId(deviceId)}/{c.Key}/config";

    /// <summary>Every discovery message for the configured mode, as (topic, JSON) pairs.</summary>
    public static IReadOnlyList<(string Topic, JsonObject Payload)> Messages(HomeAssistantOptions options, EdgeFaceTopics topics, string deviceId,
        string version, HomeAssistantDevice device)
    {
        var components = Components(topics, deviceId, device);
        if (options.Discovery == HomeAssistantOptions.PerDevice)
        {
            var cmps = new JsonObject();
            foreach (var c in components)
            {
                var o = (JsonObject)c.Config.DeepClone();
                o.Insert(0, "p", c.Platform);
                cmps[c.Key] = o;
            }
            var message = new JsonObject { ["dev"] = Device(deviceId, version, device), ["o"] = Origin(version), ["cmps"] = cmps };
            return [(DeviceTopic(options.DiscoveryPrefix, deviceId), message)];
        }
        return components.Select(c =>
        {
            var o = (JsonObject)c.Config.DeepClone();
            o["dev"] = Device(deviceId, version, device);
            o["o"] = Origin(version);
            return (ComponentTopic(options.DiscoveryPrefix, deviceId, c), o);
        }).ToList();
    }

    /// <summary>The components EdgeFace announces on this machine.</summary>
    public static IReadOnlyList<DiscoveryComponent> Components(EdgeFaceTopics topics, string deviceId, HomeAssistantDevice device)
    {
        string id = NodeId(deviceId);
        var list = new List<DiscoveryComponent>();

        JsonObject Entity(string key, string name, JsonObject options)
        {
            var o = new JsonObject { ["name"] = name, ["unique_id"] = $"{id}_{key}" };
            foreach (var (k, v) in options) o[k] = v?.DeepClone();
            o["availability_topic"] = topics.Status;
            o["payload_available"] = "online";
            o["payload_not_available"] = "offline";
            o["qos"] = Qos;
            return o;
        }
        void Add(string key, string platform, string name, JsonObject options) => list.Add(new DiscoveryComponent(key, platform, Entity(key, name, options)));
        void Sensor(string key, string name, string field, string? unit, string? deviceClass, bool diagnostic)
        {
            var o = new JsonObject { ["state_topic"] = topics.State, ["value_template"] = $"{{{{ value_json.{field} }}}}", ["state_class"] = "measurement" };
            if (unit is not null) o["unit_of_measurement"] = unit;
            if (deviceClass is not null) o["device_class"] = deviceClass;
            if (diagnostic) o["entity_category"] = "diagnostic";
            Add(key, "sensor", name, o);
        }

        Add("face_present", "binary_sensor", "Face present", new JsonObject
        {
            ["device_class"] = "occupancy", ["state_topic"] = topics.Presence, ["payload_on"] = "ON", ["payload_off"] = "OFF",
        });
        Sensor("face_count", "Faces", "faces", null, null, false);
        Sensor("fps", "Processed FPS", "fps", "fps", null, true);
        Sensor("inference_ms", "Inference time", "inference_ms", "ms", "duration", true);
        if (device.HasTemperatureSensor) Sensor("soc_temperature", "SoC temperature", "soc_temp_c", "°C", "temperature", true);
        Sensor("cpu_percent", "CPU", "cpu_percent", "%", null, true);
        Sensor("rss_mb", "Memory (RSS)", "rss_mb", "MB", "data_size", true);
        Sensor("outbox_queued", "Outbox backlog", "outbox_queued", null, null, true);
        Add("dropped_events", "sensor", "Dropped events", new JsonObject
        {
            ["state_topic"] = topics.State, ["value_template"] = "{{ value_json.dropped_events }}", ["state_class"] = "total_increasing",
            ["entity_category"] = "diagnostic",
        });
        Add("camera_connected", "binary_sensor", "Camera connected", new JsonObject
        {
            ["device_class"] = "connectivity", ["state_topic"] = topics.State, ["value_template"] = "{{ value_json.camera_connected }}",
            ["payload_on"] = "ON", ["payload_off"] = "OFF", ["entity_category"] = "diagnostic",
        });
        Add("throttled", "binary_sensor", "Throttled", new JsonObject
        {
            ["device_class"] = "problem", ["state_topic"] = topics.State, ["value_template"] = "{{ value_json.throttled }}",
            ["payload_on"] = "ON", ["payload_off"] = "OFF", ["entity_category"] = "diagnostic",
        });
        Add("someone_facing", "binary_sensor", "Someone facing", new JsonObject
        {
            ["state_topic"] = topics.State, ["value_template"] = "{{ value_json.someone_facing }}", ["payload_on"] = "ON", ["payload_off"] = "OFF",
            ["icon"] = "mdi:account-eye",
        });
        Add("last_dwell", "sensor", "Last dwell", new JsonObject
        {
            ["state_topic"] = topics.State, ["value_template"] = "{{ value_json.last_dwell_s }}", ["unit_of_measurement"] = "s",
            ["device_class"] = "duration", ["state_class"] = "measurement",
        });
        Add("face", "event", "Face", new JsonObject
        {
            ["state_topic"] = topics.FaceEvent, ["event_types"] = new JsonArray(EventTypes.Select(t => (JsonNode)t).ToArray()),
        });

        // Controls publish the same requests any MQTT client may send, so they pass the request handler's checks
        // (validation, the local-only guard, one change at a time) like every other remote change. Their state is read
        // back from the retained, redacted configuration, so it shows what the daemon really runs with.
        Add("detection", "switch", "Detection", new JsonObject
        {
            ["command_topic"] = topics.RequestPrefix + "config/set",
            ["payload_on"] = """{"detection":{"enabled":true}}""", ["payload_off"] = """{"detection":{"enabled":false}}""",
            ["state_topic"] = topics.Config, ["value_template"] = "{{ 'ON' if value_json.detection.enabled else 'OFF' }}",
            ["state_on"] = "ON", ["state_off"] = "OFF", ["entity_category"] = "config",
        });
        Add("score_threshold", "number", "Score threshold", new JsonObject
        {
            ["command_topic"] = topics.RequestPrefix + "config/set",
            ["command_template"] = """{"detection":{"score_threshold":{{ value }}}}""",
            ["state_topic"] = topics.Config, ["value_template"] = "{{ value_json.detection.score_threshold }}",
            ["min"] = 0, ["max"] = 1, ["step"] = 0.01, ["mode"] = "box", ["entity_category"] = "config",
        });
        Add("restart", "button", "Restart", new JsonObject
        {
            ["command_topic"] = topics.RequestPrefix + "restart", ["payload_press"] = "{}", ["device_class"] = "restart",
            ["entity_category"] = "config",
        });

        // Device triggers: automations start on the debounced presence changing, not on every detection.
        foreach (var (key, type) in Triggers)
            list.Add(new DiscoveryComponent(key, "device_automation", new JsonObject
            {
                ["automation_type"] = "trigger", ["topic"] = topics.Trigger, ["payload"] = key, ["type"] = type, ["subtype"] = key, ["qos"] = Qos,
            }));
        return list;
    }

    private static JsonObject Device(string deviceId, string version, HomeAssistantDevice device)
    {
        var dev = new JsonObject
        {
            ["ids"] = new JsonArray(NodeId(deviceId)), ["name"] = $"EdgeFace {deviceId}", ["mf"] = "EdgeFace", ["mdl"] = "EdgeFace face detector", ["sw"] = version,
        };
        if (device.Hardware is { Length: > 0 } hw) dev["hw"] = hw;
        if (device.SerialNumber is { Length: > 0 } sn) dev["sn"] = sn;
        if (device.ConfigurationUrl is { Length: > 0 } cu) dev["cu"] = cu;
        return dev;
    }

    private static JsonObject Origin(string version) => new() { ["name"] = "EdgeFace", ["sw"] = version };

    private static string Sanitize(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
}
