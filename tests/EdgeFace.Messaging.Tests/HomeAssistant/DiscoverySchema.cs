using System.Text.Json.Nodes;

namespace EdgeFace.Messaging.Tests.HomeAssistant;

/// <summary>
/// Checks discovery payloads against <c>discovery-schema.json</c> (Home Assistant's required and accepted keys per
/// platform and its abbreviations). Returns every problem found, so a failing test names them all.
/// </summary>
public sealed class DiscoverySchema
{
    private readonly JsonObject _schema;

    private DiscoverySchema(JsonObject schema) => _schema = schema;

    public static DiscoverySchema Load() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HomeAssistant", "discovery-schema.json")))!.AsObject());

    private IReadOnlyDictionary<string, string> Abbreviations => Map(_schema["abbreviations"]);

    /// <summary>A per-component message published under <c>&lt;prefix&gt;/&lt;platform&gt;/.../config</c>.</summary>
    public List<string> CheckComponentMessage(string platform, JsonObject payload)
    {
        var errors = new List<string>();
        var keys = Expand(payload, Abbreviations, platform, errors);
        CheckComponent(platform, keys, errors, deviceFromMessage: false);
        return errors;
    }

    /// <summary>A device-based message published under <c>&lt;prefix&gt;/device/&lt;id&gt;/config</c>.</summary>
    public List<string> CheckDeviceMessage(JsonObject payload)
    {
        var errors = new List<string>();
        var keys = Expand(payload, Abbreviations, "device message", errors);
        var spec = _schema["device_message"]!.AsObject();
        Allowed("device message", keys.Keys, Strings(spec["required"]).Concat(Strings(spec["accepts"])).ToHashSet(), errors);
        foreach (var r in Strings(spec["required"])) if (!keys.ContainsKey(r)) errors.Add($"device message: missing {r}");
        if (keys.GetValueOrDefault("device") is JsonObject dev) CheckDevice(dev, "device message", errors);
        if (keys.GetValueOrDefault("origin") is JsonObject origin) CheckOrigin(origin, "device message", errors);
        if (keys.GetValueOrDefault("components") is not JsonObject cmps) { errors.Add("device message: components must be an object"); return errors; }
        foreach (var (name, value) in cmps)
        {
            if (value is not JsonObject c) { errors.Add($"component {name}: not an object"); continue; }
            var ck = Expand(c, Abbreviations, $"component {name}", errors);
            if (ck.GetValueOrDefault("platform")?.GetValue<string>() is not { } platform) { errors.Add($"component {name}: missing platform"); continue; }
            ck.Remove("platform");
            CheckComponent(platform, ck, errors, deviceFromMessage: true, label: $"component {name} ({platform})");
        }
        return errors;
    }

    private void CheckComponent(string platform, Dictionary<string, JsonNode?> keys, List<string> errors, bool deviceFromMessage, string? label = null)
    {
        label ??= platform;
        if (_schema["platforms"]![platform] is not JsonObject spec) { errors.Add($"{label}: unknown platform"); return; }
        var required = Strings(spec["required"]).ToList();
        var allowed = required.Concat(Strings(spec["accepts"])).ToHashSet();
        if (spec["only_listed"]?.GetValue<bool>() != true) allowed.UnionWith(Strings(_schema["common"]));
        Allowed(label, keys.Keys, allowed, errors);
        foreach (var r in required)
            if (!keys.ContainsKey(r) && !(r == "device" && deviceFromMessage)) errors.Add($"{label}: missing required {r}");
        if (keys.GetValueOrDefault("device") is JsonObject dev) CheckDevice(dev, label, errors);
        if (keys.GetValueOrDefault("origin") is JsonObject origin) CheckOrigin(origin, label, errors);
        if (keys.GetValueOrDefault("qos") is { } q && q.GetValue<int>() is < 0 or > 2) errors.Add($"{label}: qos must be 0, 1 or 2");
    }

    private void CheckDevice(JsonObject dev, string label, List<string> errors)
    {
        var spec = _schema["device"]!.AsObject();
        var keys = Expand(dev, Map(spec["abbreviations"]), $"{label} device", errors);
        Allowed($"{label} device", keys.Keys, Strings(spec["accepts"]).ToHashSet(), errors);
        if (!Strings(spec["one_of"]).Any(keys.ContainsKey)) errors.Add($"{label} device: needs identifiers or connections");
    }

    private void CheckOrigin(JsonObject origin, string label, List<string> errors)
    {
        var spec = _schema["origin"]!.AsObject();
        var keys = Expand(origin, Map(spec["abbreviations"]), $"{label} origin", errors);
        Allowed($"{label} origin", keys.Keys, Strings(spec["accepts"]).ToHashSet(), errors);
        foreach (var r in Strings(spec["required"])) if (!keys.ContainsKey(r)) errors.Add($"{label} origin: missing {r}");
    }

    /// <summary>The payload with abbreviations replaced by full names; an option given twice is an error.</summary>
    private static Dictionary<string, JsonNode?> Expand(JsonObject payload, IReadOnlyDictionary<string, string> abbreviations, string label, List<string> errors)
    {
        var keys = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in payload)
        {
            string full = abbreviations.TryGetValue(key, out var f) ? f : key;
            if (!keys.TryAdd(full, value)) errors.Add($"{label}: {full} given twice ({key})");
        }
        return keys;
    }

    private static void Allowed(string label, IEnumerable<string> keys, HashSet<string> allowed, List<string> errors)
    {
        foreach (var k in keys) if (!allowed.Contains(k)) errors.Add($"{label}: '{k}' is not an option Home Assistant knows");
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()) ?? [];

    private static Dictionary<string, string> Map(JsonNode? node) =>
        node!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);
}
