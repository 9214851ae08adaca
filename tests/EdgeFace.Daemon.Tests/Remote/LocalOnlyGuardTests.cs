using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeFace.Configuration;
using EdgeFace.Core.Configuration;
using EdgeFace.Remote;

namespace EdgeFace.Daemon.Tests.Remote;

/// <summary>
/// A remote config/set must not change, remove or reset a local-only setting by any route (issue 12, item 1). The
/// device's configuration below sets local-only values in every section that has them.
/// </summary>
public class LocalOnlyGuardTests
{
    private const string DeviceFile = """
        {"profile":"none","source":"v4l2:/dev/video0","models":{"directory":"/opt/edgeface/models"},
         "mqtt":{"enabled":true,"url":"mqtts://broker.lan:8883","username":"cam","password":"s3cret","include_landmarks":false,
                 "tls":{"ca_file":"/etc/edgeface/ca.pem","cert_file":"/etc/edgeface/client.pem","key_file":"/etc/edgeface/client.key","server_name":"broker.lan"},
                 "outbox":{"path":"/var/lib/edgeface/outbox","max_bytes":1048576}},
         "metrics":{"enabled":true,"bind":"127.0.0.1","port":9100},
         "gpio":{"backend":"log","outputs":[{"name":"lamp","line":1}]}}
        """;

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    /// <summary>The running configuration: defaults, then the device's file (as the daemon builds it).</summary>
    private static JsonObject Effective(string file = DeviceFile, params (string, string)[] moreLayers)
    {
        var layers = new List<(string, JsonObject)> { ("file", Json(file)) };
        layers.AddRange(moreLayers.Select(l => (l.Item1, Json(l.Item2))));
        return ConfigLoader.Build(layers).Effective;
    }

    private static IReadOnlyList<string> Refused(string patch, JsonObject? effective = null) =>
        LocalOnlyGuard.Refused(effective ?? Effective(), Json(patch));

    [Theory]
    [InlineData("""{"source":"file:/etc/shadow"}""", "source")]
    [InlineData("""{"mqtt":{"url":"mqtt://evil:1883"}}""", "mqtt.url")]
    [InlineData("""{"mqtt":{"password":null}}""", "mqtt.password")]
    [InlineData("""{"models":{"directory":"/tmp"}}""", "models.directory")]
    [InlineData("""{"metrics":{"bind":"0.0.0.0"}}""", "metrics.bind")]
    public void A_local_only_setting_named_in_the_request_is_refused(string patch, string path) =>
        Assert.Contains(path, Refused(patch));

    [Theory]
    [InlineData("""{"mqtt":null}""", "mqtt.url", "mqtt.password", "mqtt.tls.ca_file", "mqtt.outbox.path", "mqtt.enabled")]
    [InlineData("""{"mqtt":{"tls":null}}""", "mqtt.tls.ca_file", "mqtt.tls.server_name")]
    [InlineData("""{"mqtt":{"outbox":null}}""", "mqtt.outbox.path")]
    [InlineData("""{"models":null}""", "models.directory")]
    [InlineData("""{"metrics":null}""", "metrics.port")]
    public void Null_on_an_ancestor_is_refused_and_names_every_local_only_value_below_it(string patch, params string[] paths)
    {
        var refused = Refused(patch);
        foreach (var p in paths) Assert.Contains(p, refused);
    }

    [Theory]
    [InlineData("""{"mqtt":[]}""", "mqtt.url")]
    [InlineData("""{"mqtt":"off"}""", "mqtt.url")]
    [InlineData("""{"mqtt":{"tls":"none"}}""", "mqtt.tls.ca_file")]
    [InlineData("""{"mqtt":{"outbox":0}}""", "mqtt.outbox.path")]
    public void Replacing_a_parent_with_something_that_is_not_an_object_is_refused(string patch, string path) =>
        Assert.Contains(path, Refused(patch));

    [Fact]
    public void Null_on_a_parent_is_refused_even_where_the_local_only_values_are_still_the_defaults()
    {
        // Nothing local-only differs from the defaults here, but the file on disk would lose the section: on a device
        // whose profile or file sets these values, the next start would take other ones.
        var effective = Effective("""{"profile":"none"}""");
        Assert.Contains("mqtt.url", Refused("""{"mqtt":null}""", effective));
        Assert.Contains("mqtt.tls.ca_file", Refused("""{"mqtt":{"tls":null}}""", effective));
    }

    [Fact]
    public void A_default_filling_in_for_a_value_from_a_lower_layer_is_refused()
    {
        // The broker came from the command line (--mqtt), not from the file the request would edit.
        var effective = Effective("""{"profile":"none"}""", ("command line", """{"mqtt":{"enabled":true,"url":"mqtt://10.0.0.2:1883"}}"""));
        var refused = Refused("""{"mqtt":null}""", effective);
        Assert.Contains("mqtt.url", refused);
        Assert.Contains("mqtt.enabled", refused);
    }

    [Fact]
    public void Switching_the_broker_connection_off_is_refused()
    {
        // After a restart the device would never reach its broker again, and remote configuration would be gone.
        Assert.Contains("mqtt.enabled", Refused("""{"mqtt":{"enabled":false}}"""));
    }

    [Theory]
    [InlineData("""{"tracker":{"end_after_ms":900},"detection":{"max_faces":3}}""")]
    [InlineData("""{"mqtt":{"include_landmarks":true,"landmarks_stream":{"enabled":true},"stats_interval_s":10}}""")]
    [InlineData("""{"mqtt":{"outbox":{"max_bytes":2097152},"home_assistant":null}}""")]
    [InlineData("""{"gpio":null}""")]
    [InlineData("""{"gpio":{"outputs":[{"name":"porch","line":2}]}}""")]
    [InlineData("""{"models":{"detector":"yunet.json","landmarker":""}}""")]
    [InlineData("""{"detection":null,"tracker":null,"log_level":"debug"}""")]
    [InlineData("""{"insights":{"facing_yaw_deg":30,"eye_closed_ratio":0.5,"yawn_min_ms":2000,"smoothing_alpha":0.4}}""")]
    [InlineData("""{"insights":null}""")]
    public void Changes_that_leave_every_local_only_value_alone_are_allowed(string patch) =>
        Assert.Empty(Refused(patch));

    [Fact]
    public void An_invalid_request_is_not_mistaken_for_a_local_only_change()
    {
        // The request fails validation (reported with its own paths); the guard must not blame local-only settings.
        Assert.Empty(Refused("""{"detection":{"max_faces":0,"nope":1},"tracker":{"iou_threshold":"high"}}"""));
    }

    [Fact]
    public void The_outbox_effective_path_is_not_a_setting()
    {
        // It was serialised with the configuration, so config/set accepted it (and the file kept it) with no effect.
        Assert.False(ConfigLoader.Defaults()["mqtt"]!["outbox"]!.AsObject().ContainsKey("effective_path"));
        Assert.Null(ConfigSchema.Schema["properties"]!["mqtt"]!["properties"]!["outbox"]!["properties"]!["effective_path"]);
        var candidate = JsonMerge.Apply(Effective(), Json("""{"mqtt":{"outbox":{"effective_path":"/tmp/elsewhere"}}}"""));
        var loaded = ConfigLoader.Validate(candidate, new ConfigIssues(), ["remote"]);
        Assert.Contains(loaded.Issues.Items, i => i.Path == "mqtt.outbox.effective_path");
    }

    [Fact]
    public void Differences_compare_values_after_defaults_inside_arrays_and_maps()
    {
        var schema = Json("""
            {"type":"object","properties":{
              "list":{"type":"array","items":{"type":"object","properties":{"cmd":{"type":"string","x-local-only":true},"n":{"type":"integer"}}}},
              "map":{"type":"object","additionalProperties":{"type":"object","properties":{"path":{"type":"string","x-local-only":true}}}},
              "plain":{"type":"integer"}}}
            """);
        var before = Json("""{"list":[{"cmd":"a","n":1},{"cmd":"b"}],"map":{"x":{"path":"/p"}},"plain":1}""");
        Assert.Empty(LocalOnlyGuard.Differences(before, before.DeepClone(), schema));
        Assert.Empty(LocalOnlyGuard.Differences(before, Json("""{"list":[{"cmd":"a","n":5},{"cmd":"b"}],"map":{"x":{"path":"/p"}},"plain":2}"""), schema));
        Assert.Equal(["list[1].cmd"], LocalOnlyGuard.Differences(before, Json("""{"list":[{"cmd":"a","n":1},{"cmd":"c"}],"map":{"x":{"path":"/p"}}}"""), schema));
        Assert.Equal(["list[1].cmd"], LocalOnlyGuard.Differences(before, Json("""{"list":[{"cmd":"a","n":1}],"map":{"x":{"path":"/p"}}}"""), schema));
        // absent and null are the same value (a merge patch's null removes the key)
        Assert.Empty(LocalOnlyGuard.Differences(Json("""{"list":[{"cmd":null}]}"""), Json("""{"list":[{}]}"""), schema));
        Assert.Equal(["map.x.path", "map.y.path"], LocalOnlyGuard.Differences(before, Json("""{"list":[{"cmd":"a","n":1},{"cmd":"b"}],"map":{"y":{"path":"/q"}}}"""), schema));
    }

    [Fact]
    public void The_schema_walk_finds_every_property_marked_local_only_in_the_configuration_types()
    {
        // The guard reads x-local-only from the generated schema; a type whose schema it could not walk (a $ref, say)
        // would silently lose its local-only fields. Compare with what reflection finds on the C# types.
        var marked = new SortedSet<string>(StringComparer.Ordinal);
        Collect(typeof(EdgeFaceConfig), "", marked);
        // Every local-only value in the device file differs from its default, so emptying the document moves them all.
        var before = Effective();
        var differs = new SortedSet<string>(LocalOnlyGuard.Differences(before, new JsonObject(), ConfigSchema.Schema), StringComparer.Ordinal);
        Assert.Equal(marked, differs);
        Assert.Contains("mqtt.tls.ca_file", marked);
    }

    private static void Collect(Type type, string path, SortedSet<string> found)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.IsDefined(typeof(JsonIgnoreAttribute)) || p.SetMethod is null) continue;
            string name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            string full = path.Length == 0 ? name : $"{path}.{name}";
            if (p.IsDefined(typeof(LocalOnlyAttribute))) { found.Add(full); continue; }
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (t.IsClass && t != typeof(string) && !t.IsGenericType && !t.IsArray) Collect(t, full, found);
        }
    }
}
