using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;

namespace EdgeFace.Remote;

/// <summary>
/// Decides whether a remote <c>config/set</c> would change, remove or reset a setting the schema marks
/// <c>x-local-only</c> (broker and its switch, credentials, TLS, paths, command lines, listen addresses). Only the
/// configuration file on the device may set those. Three rules, each closing a route the one before leaves open:
/// <list type="number">
/// <item>the request names a local-only setting (any value, null included);</item>
/// <item>the request sets null, an array or a scalar where the schema has an object holding local-only settings
/// (<c>{"mqtt":null}</c>, <c>{"mqtt":{"tls":null}}</c>): merged into the file on disk that would delete them, so the next
/// start would take the defaults or a lower layer's values, even when the running values happen to look the same;</item>
/// <item>every local-only value of the running configuration, with the defaults filled in, is compared before and
/// after the merge: whatever the request's shape, the effective value must not move.</item>
/// </list>
/// </summary>
public static class LocalOnlyGuard
{
    private static readonly Lazy<JsonObject> Schema = new(() => ConfigSchema.Schema);

    /// <summary>The local-only paths the patch would touch, sorted; empty when it may be applied.</summary>
    public static IReadOnlyList<string> Refused(JsonObject effective, JsonObject patch)
    {
        var schema = Schema.Value;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        WalkPatch(patch, schema, "", found);
        var after = JsonMerge.Apply((JsonObject)effective.DeepClone(), patch);
        found.UnionWith(Differences(ConfigLoader.Normalize(effective), ConfigLoader.Normalize(after), schema));
        return [.. found];
    }

    /// <summary>
    /// Paths of the local-only values that differ between two documents: JSON equality, with an absent value equal to
    /// null (as in a merge patch, where null removes a key and the default, null for these, applies); array items
    /// compare by index, maps (additionalProperties) by key.
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonNode? before, JsonNode? after, JsonObject schema)
    {
        var found = new List<string>();
        Compare(new Slot(before), new Slot(after), schema, "", found);
        return found;
    }

    /// <summary>A value in a document, or the place where it would be (null when absent).</summary>
    private readonly record struct Slot(JsonNode? Value)
    {
        public Slot Child(string name) =>
            Value is JsonObject o && o.TryGetPropertyValue(name, out var v) ? new Slot(v) : default;

        public Slot Item(int index) =>
            Value is JsonArray a && index < a.Count ? new Slot(a[index]) : default;
    }

    private static void Compare(Slot before, Slot after, JsonObject schema, string path, List<string> found)
    {
        if (IsLocalOnly(schema))
        {
            if (!JsonNode.DeepEquals(before.Value, after.Value)) found.Add(path);
            return;
        }
        if (schema["properties"] is JsonObject props)
            foreach (var (name, child) in props)
                if (child is JsonObject childSchema)
                    Compare(before.Child(name), after.Child(name), childSchema, Join(path, name), found);
        if (schema["additionalProperties"] is JsonObject valueSchema)
        {
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            if (before.Value is JsonObject b) keys.UnionWith(b.Select(kv => kv.Key));
            if (after.Value is JsonObject a) keys.UnionWith(a.Select(kv => kv.Key));
            foreach (var key in keys) Compare(before.Child(key), after.Child(key), valueSchema, Join(path, key), found);
        }
        if (schema["items"] is JsonObject itemSchema)
        {
            int count = Math.Max((before.Value as JsonArray)?.Count ?? 0, (after.Value as JsonArray)?.Count ?? 0);
            for (int i = 0; i < count; i++) Compare(before.Item(i), after.Item(i), itemSchema, $"{path}[{i}]", found);
        }
    }

    /// <summary>Rules 1 and 2: what the request itself names or would delete.</summary>
    private static void WalkPatch(JsonObject patch, JsonObject schema, string path, SortedSet<string> found)
    {
        foreach (var (name, value) in patch)
        {
            if (ChildSchema(schema, name) is not { } child) continue;   // unknown keys are reported by validation
            string p = Join(path, name);
            if (IsLocalOnly(child)) found.Add(p);
            else if (value is JsonObject o) WalkPatch(o, child, p, found);
            else LocalOnlyBelow(child, p, found);   // null, an array or a scalar replaces the whole subtree
        }
    }

    private static JsonObject? ChildSchema(JsonObject schema, string name) =>
        schema["properties"] is JsonObject props && props[name] is JsonObject child ? child
        : schema["additionalProperties"] as JsonObject;

    /// <summary>Every local-only setting inside a schema subtree (array items as [], map values as *).</summary>
    private static void LocalOnlyBelow(JsonObject schema, string path, SortedSet<string> found)
    {
        if (IsLocalOnly(schema)) { found.Add(path); return; }
        if (schema["properties"] is JsonObject props)
            foreach (var (name, child) in props)
                if (child is JsonObject c) LocalOnlyBelow(c, Join(path, name), found);
        if (schema["additionalProperties"] is JsonObject values) LocalOnlyBelow(values, Join(path, "*"), found);
        if (schema["items"] is JsonObject items) LocalOnlyBelow(items, path + "[]", found);
    }

    private static bool IsLocalOnly(JsonObject schema) =>
        schema["x-local-only"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
