using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Configuration;

/// <summary>
/// The JSON Schema of <see cref="EdgeFaceConfig"/>, generated from the C# types so it cannot drift from them.
/// Attributes on properties become schema keywords: [Description], [Range] → minimum/maximum,
/// [AllowedValues] → enum, [LocalOnly] → "x-local-only": true (remote configuration may not set them).
/// </summary>
public static class ConfigSchema
{
    private static readonly Lazy<JsonObject> Cached = new(Build);

    public static JsonObject Schema => (JsonObject)Cached.Value.DeepClone();

    public static string ToJson() => Cached.Value.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static JsonObject Build()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Annotate,
        };
        var node = ConfigJsonContext.Default.Options.GetJsonSchemaAsNode(typeof(EdgeFaceConfig), exporterOptions);
        var schema = (JsonObject)node;
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "title", "EdgeFace configuration");
        return schema;
    }

    private static JsonNode Annotate(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject obj) return schema;
        var attributes = context.PropertyInfo?.AttributeProvider;
        if (attributes is null) return schema;
        foreach (var a in attributes.GetCustomAttributes(inherit: true))
        {
            switch (a)
            {
                case DescriptionAttribute d: obj["description"] = d.Description; break;
                case RangeAttribute r:
                    obj["minimum"] = JsonValue.Create(Convert.ToDouble(r.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    obj["maximum"] = JsonValue.Create(Convert.ToDouble(r.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case AllowedValuesAttribute v:
                    obj["enum"] = new JsonArray(v.Values.Select(x => (JsonNode?)JsonValue.Create(x?.ToString())).ToArray());
                    break;
                case LocalOnlyAttribute: obj["x-local-only"] = true; break;
            }
        }
        return schema;
    }
}
