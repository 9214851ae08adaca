using EdgeFace.Core.Configuration;

namespace EdgeFace.Configuration;

/// <summary>Rules that span fields or need more than a schema can say.</summary>
internal static class ConfigRules
{
    private static readonly HashSet<string> KnownProviders = new(StringComparer.OrdinalIgnoreCase)
    { "cpu", "cuda", "tensorrt", "xnnpack", "nnapi", "webgpu", "coreml", "qnn", "openvino", "rknpu", "acl", "armnn" };

    public static void Check(EdgeFaceConfig c, ConfigIssues issues)
    {
        if (string.IsNullOrWhiteSpace(c.DeviceId) || c.DeviceId.Any(ch => ch is '/' or '+' or '#' || char.IsWhiteSpace(ch)))
            issues.Add("device_id", "must be non-empty and contain no '/', '+', '#' or spaces (it is part of MQTT topics)");
        if (string.IsNullOrWhiteSpace(c.Source)) issues.Add("source", "must name a frame source (e.g. demo, v4l2:/dev/video0)");
        ModelFileName(c.Models.Detector, "models.detector", required: true, issues);
        ModelFileName(c.Models.Landmarker, "models.landmarker", required: false, issues);
        for (int i = 0; i < c.Inference.Providers.Count; i++)
            if (!KnownProviders.Contains(c.Inference.Providers[i]))
                issues.Add($"inference.providers[{i}]", $"unknown execution provider '{c.Inference.Providers[i]}' (known: {string.Join(", ", KnownProviders.Order())})");
        if (c.Inference.Providers.Count == 0) issues.Add("inference.providers", "list at least one provider (cpu always works)");
        foreach (var (path, section) in Sections(c)) section.Validate(path, issues);
    }

    /// <summary>Sections that validate themselves (they live in the libraries that use them).</summary>
    private static IEnumerable<(string, IValidatable)> Sections(EdgeFaceConfig c) =>
    [
        ("insights", c.Insights),
        ("mqtt", c.Mqtt),
        ("gpio", c.Gpio),
        ("thermal", c.Thermal),
        ("metrics", c.Metrics),
    ];

    /// <summary>Model references are plain file names inside the models folder: nothing remote can point elsewhere.</summary>
    private static void ModelFileName(string name, string path, bool required, ConfigIssues issues)
    {
        if (string.IsNullOrEmpty(name)) { if (required) issues.Add(path, "must name a model manifest"); return; }
        if (name.Contains('/') || name.Contains('\\') || name is "." or ".." || !name.EndsWith(".json", StringComparison.Ordinal))
            issues.Add(path, "must be a manifest file name (*.json) inside the models folder, without a path");
    }
}
