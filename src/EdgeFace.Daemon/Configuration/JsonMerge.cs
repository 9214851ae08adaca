using System.Text.Json.Nodes;

namespace EdgeFace.Configuration;

/// <summary>
/// JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key (back to its default), anything else
/// replaces. This is how configuration layers combine and how remote partial updates apply.
/// </summary>
public static class JsonMerge
{
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject) Apply(targetObject, patchObject);
            else target[key] = value.DeepClone();
        }
        return target;
    }
}
