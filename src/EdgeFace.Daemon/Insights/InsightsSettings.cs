using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Insights;

/// <summary>
/// The <c>insights</c> section: thresholds for the per-face signals (facing, eyes, mouth). All of them may be changed
/// remotely: they only shape what events report, they reach nothing on the device.
/// </summary>
public sealed class InsightsSettings : IValidatable
{
    [Description("A face turns to facing the camera when both |yaw| and |pitch| are within these degrees.")]
    [Range(1.0, 90.0)]
    public double FacingYawDeg { get; set; } = 20;

    [Range(1.0, 90.0)]
    public double FacingPitchDeg { get; set; } = 20;

    [Description("Degrees beyond the facing thresholds a face must turn before it stops facing (so it does not flicker at the edge).")]
    [Range(0.0, 45.0)]
    public double FacingHysteresisDeg { get; set; } = 5;

    [Description("Eyes count as closed when their aspect ratio falls below this fraction of the face's own open-eye level.")]
    [Range(0.05, 1.0)]
    public double EyeClosedRatio { get; set; } = 0.65;

    [Description("Closed eyes count as open again above this fraction of the face's open-eye level (more than eye_closed_ratio).")]
    [Range(0.05, 1.5)]
    public double EyeOpenRatio { get; set; } = 0.8;

    [Description("A closure up to this long is a blink; a longer one is eyes closed.")]
    [Range(50, 5000)]
    public int BlinkMaxMs { get; set; } = 500;

    [Description("Mouth openness (inner-lip gap over mouth width) above which a yawn may start.")]
    [Range(0.05, 2.0)]
    public double YawnOpenness { get; set; } = 0.5;

    [Description("The mouth must stay open past yawn_openness this long to count as a yawn.")]
    [Range(100, 60000)]
    public int YawnMinMs { get; set; } = 1500;

    [Description("Weight of the newest frame in the exponential smoothing of pose, eye and mouth measurements (1 = no smoothing).")]
    [Range(0.01, 1.0)]
    public double SmoothingAlpha { get; set; } = 0.6;

    public void Validate(string path, ConfigIssues issues)
    {
        if (EyeOpenRatio <= EyeClosedRatio)
            issues.Add($"{path}.eye_open_ratio", $"must be above eye_closed_ratio ({EyeClosedRatio}), or closed eyes could never open again (got {EyeOpenRatio})");
    }
}
