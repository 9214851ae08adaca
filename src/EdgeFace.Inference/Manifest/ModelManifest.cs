using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFace.Inference.Manifest;

/// <summary>
/// A model's manifest (<c>name.json</c> beside <c>name.onnx</c>), as docs/model-format.md defines it: what the input
/// tensor looks like, which outputs play which role, and the decoder's parameters.
/// </summary>
public sealed class ModelManifest
{
    public int Format { get; init; } = 1;
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    /// <summary>"detector" or "landmarks".</summary>
    public string Task { get; init; } = "";
    /// <summary>"kpnet", "yunet" or "pfld".</summary>
    public string Decoder { get; init; } = "";
    /// <summary>The ONNX file, relative to the manifest.</summary>
    public string File { get; init; } = "";
    /// <summary>Hex SHA-256 of the ONNX file, checked at load when present.</summary>
    public string? Sha256 { get; init; }
    public ModelInputSpec Input { get; init; } = new();
    /// <summary>Role → ONNX output name; a role left out is looked up under its own name.</summary>
    public Dictionary<string, string> Outputs { get; init; } = new();
    public KpnetParameters? Kpnet { get; init; }
    public YunetParameters? Yunet { get; init; }
    public LandmarkParameters? Landmarks { get; init; }
    public JsonElement? Quantization { get; init; }
    public string? License { get; init; }
    public string? Provenance { get; init; }

    /// <summary>Where the manifest was read from (null when parsed from text).</summary>
    [JsonIgnore] public string? ManifestPath { get; internal set; }

    /// <summary>The ONNX file's full path: <see cref="File"/> resolved against the manifest's folder.</summary>
    [JsonIgnore]
    public string ModelPath => Path.GetFullPath(File, Path.GetDirectoryName(ManifestPath) is { Length: > 0 } dir ? dir : Directory.GetCurrentDirectory());

    /// <summary>The ONNX output name that plays <paramref name="role"/>.</summary>
    public string OutputName(string role) => Outputs.TryGetValue(role, out var name) ? name : role;

    public override string ToString() => $"{Name} {Version} ({Decoder}, {Input.Width}x{Input.Height} {Input.ElementType})";
}

/// <summary>The model's single image input.</summary>
public sealed class ModelInputSpec
{
    public string Name { get; init; } = "input";
    public int Width { get; init; }
    public int Height { get; init; }
    public string Layout { get; init; } = "nchw";
    /// <summary>"float32" or "uint8".</summary>
    public string ElementType { get; init; } = "float32";
    /// <summary>"rgb" or "bgr".</summary>
    public string Color { get; init; } = "rgb";
    /// <summary>Per tensor channel: tensor = (pixel - mean) * scale.</summary>
    public float[] Mean { get; init; } = [0, 0, 0];
    public float[] Scale { get; init; } = [1, 1, 1];
    /// <summary>Detectors: "letterbox" or "stretch".</summary>
    public string Resize { get; init; } = "letterbox";
}

/// <summary>KPNet decoder parameters (docs/model-format.md, "KPNet decoder").</summary>
public sealed class KpnetParameters
{
    public int Stride { get; init; }
    public ScaleBins ScaleBins { get; init; } = new();
    public float WindowFactor { get; init; }
    public float Temperature { get; init; } = 1;
    public float ScoreThreshold { get; init; }
    public float NmsIou { get; init; }
    public BoxPrior Box { get; init; } = new();
    public int MaxFaces { get; init; }
}

/// <summary>Scale bins: bin i stands for size min·(max/min)^(i/(count-1)).</summary>
public sealed class ScaleBins
{
    public int Count { get; init; }
    public float MinSize { get; init; }
    public float MaxSize { get; init; }
}

/// <summary>Face box relative to the keypoints' mean, in units of face size.</summary>
public sealed class BoxPrior
{
    public float Cx { get; init; }
    public float Cy { get; init; }
    public float W { get; init; }
    public float H { get; init; }
}

/// <summary>YuNet decoder parameters.</summary>
public sealed class YunetParameters
{
    public int[] Strides { get; init; } = [8, 16, 32];
    public float ScoreThreshold { get; init; }
    public float NmsIou { get; init; }
    public int MaxFaces { get; init; }
}

/// <summary>Landmark model parameters.</summary>
public sealed class LandmarkParameters
{
    public int Points { get; init; }
    public string Scheme { get; init; } = "";
    public CropParameters Crop { get; init; } = new();
}

/// <summary>How the face crop is cut (docs/model-format.md, "Crop kinds").</summary>
public sealed class CropParameters
{
    /// <summary>"keypoints5" or "box_square".</summary>
    public string Kind { get; init; } = "";
    public float Scale { get; init; } = 1;
    public float Shift { get; init; }
    public bool Rotate { get; init; }
}
