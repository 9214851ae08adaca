using System.Text.Json.Serialization;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Gpio.Options;

/// <summary>Which faces count for an output rule. A frame matches when at least min_faces faces pass every filter.</summary>
public sealed class GpioConditionOptions
{
    [JsonPropertyName("min_faces")] public int MinFaces { get; set; } = 1;
    [JsonPropertyName("min_score")] public float MinScore { get; set; }
    /// <summary>Minimum size of the face box's larger side, in frame pixels.</summary>
    [JsonPropertyName("min_face_px")] public float MinFacePx { get; set; }
    /// <summary>Name of a zone (gpio.zones); a face counts when its box centre lies inside.</summary>
    [JsonPropertyName("zone")] public string? Zone { get; set; }

    public void Validate(string path, ConfigIssues issues)
    {
        issues.Range($"{path}.min_faces", MinFaces, 1, 1000);
        issues.Range($"{path}.min_score", MinScore, 0, 1);
        issues.Range($"{path}.min_face_px", MinFacePx, 0, 100_000);
    }
}
