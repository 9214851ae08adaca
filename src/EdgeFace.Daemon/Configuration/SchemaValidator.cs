using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Configuration;

/// <summary>
/// Checks a JSON document against the subset of JSON Schema that <see cref="ConfigSchema"/> produces (type, properties,
/// additionalProperties, items, enum, minimum/maximum) and reports every violation with its path, rather than stopping
/// at the first one as deserialisation would.
/// </summary>
public static class SchemaValidator
{
    public static void Validate(JsonNode? document, JsonObject schema, ConfigIssues issues) =>
        Check(document, schema, "", issues);

    private static void Check(JsonNode? node, JsonObject schema, string path, ConfigIssues issues)
    {
        string where = path.Length == 0 ? "(root)" : path;
        if (schema["type"] is { } typeNode && !MatchesType(node, typeNode))
        {
            issues.Add(where, $"expected {Describe(typeNode)}, got {KindOf(node)}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && node is not null &&
            !allowed.Any(a => JsonNode.DeepEquals(a, node)))
            issues.Add(where, $"must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}");
        if (node is JsonValue && node.GetValueKind() == JsonValueKind.Number &&
            double.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (schema["minimum"] is JsonValue min && number < min.GetValue<double>()) issues.Add(where, $"must be ≥ {min} (got {number})");
            if (schema["maximum"] is JsonValue max && number > max.GetValue<double>()) issues.Add(where, $"must be ≤ {max} (got {number})");
        }
        if (node is JsonObject obj && schema["properties"] is JsonObject props)
        {
            bool closed = schema["additionalProperties"] is JsonValue ap && ap.GetValueKind() == JsonValueKind.False;
            foreach (var (name, child) in obj)
            {
                string childPath = path.Length == 0 ? name : $"{path}.{name}";
                if (props[name] is JsonObject childSchema) Check(child, childSchema, childPath, issues);
                else if (closed) issues.Add(childPath, "unknown setting");
            }
        }
        if (node is JsonArray array && schema["items"] is JsonObject itemSchema)
            for (int i = 0; i < array.Count; i++) Check(array[i], itemSchema, $"{path}[{i}]", issues);
    }

    private static bool MatchesType(JsonNode? node, JsonNode typeNode)
    {
        if (typeNode is JsonArray types) return types.Any(t => t is not null && MatchesType(node, t));
        string type = typeNode.GetValue<string>();
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        return type switch
        {
            "null" => kind == JsonValueKind.Null,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && IsInteger(node!),
            _ => true,
        };
    }

    private static bool IsInteger(JsonNode node) =>
        double.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
        && Math.Floor(d) == d;

    private static string Describe(JsonNode typeNode) =>
        typeNode is JsonArray a ? string.Join(" or ", a.Select(t => t?.GetValue<string>())) : typeNode.GetValue<string>();

    private static string KindOf(JsonNode? node) => (node?.GetValueKind() ?? JsonValueKind.Null) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
