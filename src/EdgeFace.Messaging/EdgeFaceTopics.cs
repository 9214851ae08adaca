namespace EdgeFace.Messaging;

/// <summary>EdgeFace's topic tree under one prefix (default <c>edgeface/&lt;device_id&gt;</c>).</summary>
public sealed class EdgeFaceTopics
{
    public EdgeFaceTopics(string prefix) => Prefix = prefix.TrimEnd('/');

    public string Prefix { get; }
    /// <summary>"online" (retained, on connect) / "offline" (retained Last Will).</summary>
    public string Status => Prefix + "/status";
    /// <summary>Face lifecycle events, QoS 1 through the durable outbox.</summary>
    public string Events => Prefix + "/events";
    /// <summary>Optional rate-limited QoS 0 landmark stream.</summary>
    public string Landmarks => Prefix + "/landmarks";
    public string Stats => Prefix + "/stats";
    /// <summary>Current configuration, secrets redacted (retained).</summary>
    public string Config => Prefix + "/config";
    /// <summary>JSON Schema of the configuration (retained).</summary>
    public string ConfigSchema => Prefix + "/config/schema";
    /// <summary>"ON"/"OFF" for Home Assistant's binary_sensor (retained).</summary>
    public string Presence => Prefix + "/presence";
    /// <summary>{"faces","fps","inference_ms","soc_temp_c",...} for Home Assistant's sensors (retained).</summary>
    public string State => Prefix + "/state";
    /// <summary>{"event_type":"new"|"end","id"} for Home Assistant's event entity (QoS 0, not retained).</summary>
    public string FaceEvent => Prefix + "/ha/face_event";
    /// <summary>"face_appeared" / "face_left" for Home Assistant's device triggers (QoS 0, not retained).</summary>
    public string Trigger => Prefix + "/ha/trigger";
    /// <summary>Multi-level so names like config/set work.</summary>
    public string RequestFilter => Prefix + "/request/#";
    public string RequestPrefix => Prefix + "/request/";
    public string Response(string name) => Prefix + "/response/" + name;
}
