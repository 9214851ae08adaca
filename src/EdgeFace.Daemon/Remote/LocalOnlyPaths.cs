using System.Text.Json.Nodes;

namespace EdgeFace.Remote;

/// <summary>Finds the settings in a partial document that the schema marks <c>x-local-only</c> (paths, commands, credentials).</summary>
public static class LocalOnlyPaths
{
    public static List<string> Find(JsonObject patch, JsonObject schema)
    {
        var found = new List<string>();
        Walk(patch, schema, "", found);
        return found;
    }

    private static void Walk(JsonObject patch, JsonObject schema, string path, List<string> found)
    {
        if (schema["properties"] is not JsonObject props) return;
        foreach (var (name, value) in patch)
        {
            string p = path.Length == 0 ? name : $"{path}.{name}";
            if (props[name] is not JsonObject child) continue; // unknown keys are reported by validation
            if (child["x-local-only"] is JsonValue v && v.GetValue<bool>()) { found.Add(p); continue; }
            if (value is JsonObject o) Walk(o, child, p, found);
        }
    }
}
