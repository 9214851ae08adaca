using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Core.Configuration;
using EdgeFace.Core.Text;

namespace EdgeFace.Configuration;

/// <summary>The result of building a configuration: the typed config (when valid), every issue, and the layers used.</summary>
public sealed record LoadedConfig(EdgeFaceConfig? Config, ConfigIssues Issues, JsonObject Effective, IReadOnlyList<string> Layers)
{
    public bool IsValid => Issues.IsValid && Config is not null;
}

/// <summary>
/// Builds the configuration in layers: defaults → device profile → configuration file → command-line overrides,
/// validates the merged document against the schema (all issues at once) and then each section's own rules.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Largest configuration file read (a real one is a few kB): a wrong path to a huge file is refused, not loaded.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>How configuration JSON is read: comments and trailing commas allowed, a key given twice refused.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false,
    };

    public static JsonObject Defaults() =>
        (JsonObject)JsonSerializer.SerializeToNode(new EdgeFaceConfig(), ConfigJsonContext.Default.EdgeFaceConfig)!;

    /// <summary>Parses a JSON object from text; syntax errors become an issue with line and position.</summary>
    public static JsonObject? ParseObject(string text, string origin, ConfigIssues issues)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: DocumentOptions);
            if (node is JsonObject obj) return obj;
            issues.Add(origin, "the configuration must be a JSON object");
        }
        catch (JsonException e)
        {
            issues.Add(origin, $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }
        return null;
    }

    public static JsonObject? ReadFile(string path, ConfigIssues issues)
    {
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                issues.Add(path, $"file of {length} bytes exceeds the {MaxFileBytes}-byte limit for a configuration file");
                return null;
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            issues.Add(path, $"cannot read: {e.Message}");
            return null;
        }
        ReadOnlySpan<byte> utf8 = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
        if (Utf8Check.FirstInvalidByte(utf8) is var bad and >= 0)
        {
            issues.Add(path, $"not valid UTF-8 at {Utf8Check.Place(utf8, bad)} (save the file as UTF-8)");
            return null;
        }
        return ParseObject(System.Text.Encoding.UTF8.GetString(utf8), path, issues);
    }

    /// <summary>Merges the layers over the defaults and validates the result.</summary>
    public static LoadedConfig Build(IEnumerable<(string Name, JsonObject Layer)> layers, ConfigIssues? earlierIssues = null)
    {
        var issues = earlierIssues ?? new ConfigIssues();
        var effective = Defaults();
        var names = new List<string> { "defaults" };
        foreach (var (name, layer) in layers)
        {
            JsonMerge.Apply(effective, layer);
            names.Add(name);
        }
        return Validate(effective, issues, names);
    }

    public static LoadedConfig Validate(JsonObject effective, ConfigIssues issues, IReadOnlyList<string> layers)
    {
        SchemaValidator.Validate(effective, ConfigSchema.Schema, issues);
        EdgeFaceConfig? config = null;
        if (issues.IsValid)
        {
            try
            {
                config = effective.Deserialize(ConfigJsonContext.Default.EdgeFaceConfig);
            }
            catch (JsonException e)
            {
                issues.Add(e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "(root)", FirstSentence(e.Message));
            }
            if (config is not null) ConfigRules.Check(config, issues);
        }
        return new LoadedConfig(issues.IsValid ? config : null, issues, effective, layers);
    }

    /// <summary>
    /// A document as the daemon would run it: merged over the defaults and passed through the typed configuration, so a
    /// value a default fills in compares like one written out. One the types refuse (it fails validation anyway) is
    /// returned merged over the defaults as it is.
    /// </summary>
    public static JsonObject Normalize(JsonObject document)
    {
        var merged = JsonMerge.Apply(Defaults(), document);
        try
        {
            if (merged.Deserialize(ConfigJsonContext.Default.EdgeFaceConfig) is { } config)
                return (JsonObject)JsonSerializer.SerializeToNode(config, ConfigJsonContext.Default.EdgeFaceConfig)!;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { }
        return merged;
    }

    public static string Serialize(EdgeFaceConfig config) => JsonSerializer.Serialize(config, ConfigJsonContext.Default.EdgeFaceConfig);

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
