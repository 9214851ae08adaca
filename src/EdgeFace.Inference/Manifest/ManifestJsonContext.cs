using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFace.Inference.Manifest;

/// <summary>Source-generated (reflection-free, trimming-safe) JSON for manifests: snake_case, comments allowed, each key once
/// (with a key given twice the last one would silently win).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class ManifestJsonContext : JsonSerializerContext;
