using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFace.Configuration;

/// <summary>Source-generated serialisation for the configuration (no reflection at run time, trimming-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(EdgeFaceConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
}
