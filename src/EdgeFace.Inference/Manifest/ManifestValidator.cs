using EdgeFace.Core.Configuration;

namespace EdgeFace.Inference.Manifest;

/// <summary>Checks a manifest on its own (before the ONNX file is opened) and lists every problem at once.</summary>
public static class ManifestValidator
{
    public static readonly string[] Decoders = ["kpnet", "yunet", "pfld"];

    public static ConfigIssues Validate(ModelManifest m)
    {
        var issues = new ConfigIssues();
        if (m.Format != 1) issues.Add("format", $"format {m.Format} is not supported (this runtime reads format 1)");
        if (string.IsNullOrWhiteSpace(m.File)) issues.Add("file", "names no ONNX file");
        if (!Decoders.Contains(m.Decoder))
            issues.Add("decoder", $"unknown decoder '{m.Decoder}' (known: {string.Join(", ", Decoders)})");
        string expectedTask = m.Decoder == "pfld" ? "landmarks" : "detector";
        if (Decoders.Contains(m.Decoder) && m.Task != expectedTask)
            issues.Add("task", $"decoder '{m.Decoder}' is a {expectedTask} model, but task is '{m.Task}'");
        if (m.Sha256 is { } sha && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            issues.Add("sha256", "must be 64 hex digits");
        // Sections the JSON may simply lack arrive as null despite their non-nullable types: report, don't crash.
        if (m.Input is null)
        {
            issues.Add("input", "is missing (name, width, height, layout, element_type, color, mean, scale, resize)");
            return issues;
        }
        ValidateInput(m.Input, issues);
        switch (m.Decoder)
        {
            case "kpnet": ValidateKpnet(m, issues); break;
            case "yunet": ValidateYunet(m, issues); break;
            case "pfld": ValidateLandmarks(m, issues); break;
        }
        return issues;
    }

    private static void ValidateInput(ModelInputSpec input, ConfigIssues issues)
    {
        if (string.IsNullOrEmpty(input.Name)) issues.Add("input.name", "is empty");
        if (input.Width <= 0 || input.Height <= 0) issues.Add("input.width", $"input size {input.Width}x{input.Height} is not positive");
        if (input.Layout != "nchw") issues.Add("input.layout", $"'{input.Layout}' is not supported (only nchw)");
        if (input.ElementType is not ("float32" or "uint8")) issues.Add("input.element_type", $"'{input.ElementType}' is not float32 or uint8");
        if (input.Color is not ("rgb" or "bgr")) issues.Add("input.color", $"'{input.Color}' is not rgb or bgr");
        if (input.Mean is not { Length: 3 }) issues.Add("input.mean", "needs 3 values");
        if (input.Scale is not { Length: 3 }) issues.Add("input.scale", "needs 3 values");
        if (input.Resize is not ("letterbox" or "stretch")) issues.Add("input.resize", $"'{input.Resize}' is not letterbox or stretch");
    }

    private static void ValidateKpnet(ModelManifest m, ConfigIssues issues)
    {
        if (m.Kpnet is not { } k) { issues.Add("kpnet", "the kpnet decoder needs a \"kpnet\" parameter object"); return; }
        if (k.Stride <= 0) issues.Add("kpnet.stride", "must be positive");
        else if (m.Input.Width % k.Stride != 0 || m.Input.Height % k.Stride != 0)
            issues.Add("kpnet.stride", $"input {m.Input.Width}x{m.Input.Height} is not a multiple of stride {k.Stride}");
        if (k.ScaleBins is null) issues.Add("kpnet.scale_bins", "is missing (count, min_size, max_size)");
        else
        {
            if (k.ScaleBins.Count < 1) issues.Add("kpnet.scale_bins.count", "must be at least 1");
            if (k.ScaleBins.MinSize <= 0 || k.ScaleBins.MaxSize < k.ScaleBins.MinSize)
                issues.Add("kpnet.scale_bins", $"need 0 < min_size <= max_size (got {k.ScaleBins.MinSize}, {k.ScaleBins.MaxSize})");
        }
        if (k.WindowFactor <= 0) issues.Add("kpnet.window_factor", "must be positive");
        if (k.Temperature <= 0) issues.Add("kpnet.temperature", "must be positive");
        issues.Range("kpnet.score_threshold", k.ScoreThreshold, 0, 1);
        issues.Range("kpnet.nms_iou", k.NmsIou, 0, 1);
        if (k.Box is null) issues.Add("kpnet.box", "is missing (cx, cy, w, h)");
        else if (k.Box.W <= 0 || k.Box.H <= 0) issues.Add("kpnet.box", "w and h must be positive");
        if (k.MaxFaces < 1) issues.Add("kpnet.max_faces", "must be at least 1");
    }

    private static void ValidateYunet(ModelManifest m, ConfigIssues issues)
    {
        if (m.Yunet is not { } y) { issues.Add("yunet", "the yunet decoder needs a \"yunet\" parameter object"); return; }
        if (y.Strides is not { Length: > 0 } || y.Strides.Any(s => s <= 0)) issues.Add("yunet.strides", "need positive strides");
        else foreach (int s in y.Strides)
            if (m.Input.Width % s != 0 || m.Input.Height % s != 0)
                issues.Add("yunet.strides", $"input {m.Input.Width}x{m.Input.Height} is not a multiple of stride {s}");
        issues.Range("yunet.score_threshold", y.ScoreThreshold, 0, 1);
        issues.Range("yunet.nms_iou", y.NmsIou, 0, 1);
        if (y.MaxFaces < 1) issues.Add("yunet.max_faces", "must be at least 1");
    }

    private static void ValidateLandmarks(ModelManifest m, ConfigIssues issues)
    {
        if (m.Landmarks is not { } l) { issues.Add("landmarks", "the pfld decoder needs a \"landmarks\" parameter object"); return; }
        if (l.Points < 1) issues.Add("landmarks.points", "must be at least 1");
        if (m.Input.Width != m.Input.Height) issues.Add("input.width", $"landmark crops are square; input is {m.Input.Width}x{m.Input.Height}");
        if (l.Crop is null) { issues.Add("landmarks.crop", "is missing (kind, scale, shift, rotate)"); return; }
        if (l.Crop.Kind is not ("keypoints5" or "box_square"))
            issues.Add("landmarks.crop.kind", $"unknown crop kind '{l.Crop.Kind}' (known: keypoints5, box_square)");
        if (l.Crop.Scale <= 0) issues.Add("landmarks.crop.scale", "must be positive");
    }
}
