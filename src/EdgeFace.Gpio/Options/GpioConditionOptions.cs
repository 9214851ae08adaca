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
    /// <summary>true: only faces looking at the camera count (insights.facing_*); false: only faces looking away; unset: any.</summary>
    [JsonPropertyName("facing")] public bool? Facing { get; set; }
    /// <summary>Only faces whose eyes have been closed at least this long count (0: any). Needs the 68 landmarks.</summary>
    [JsonPropertyName("min_eyes_closed_ms")] public int MinEyesClosedMs { get; set; }
    /// <summary>true: only faces in the middle of a recognised yawn count. Needs the 68 landmarks.</summary>
    [JsonPropertyName("yawning")] public bool? Yawning { get; set; }

    public void Validate(string path, ConfigIssues issues)
    {
        issues.Range($"{path}.min_faces", MinFaces, 1, 1000);
        issues.Range($"{path}.min_score", MinScore, 0, 1);
        issues.Range($"{path}.min_face_px", MinFacePx, 0, 100_000);
        issues.Range($"{path}.min_eyes_closed_ms", MinEyesClosedMs, 0, 3_600_000);
    }
}
