namespace EdgeFace.Insights;

/// <summary>
/// Whether a face looks at the camera, from its smoothed yaw and pitch. It starts facing inside the thresholds and
/// stops only past the thresholds plus the hysteresis, so a head held near the edge does not flicker.
/// </summary>
public struct FacingDetector
{
    private ExponentialSmoother _yaw, _pitch;

    public bool Facing { get; private set; }

    public bool Update(float yawDeg, float pitchDeg, InsightsSettings s)
    {
        float alpha = (float)s.SmoothingAlpha;
        float yaw = MathF.Abs(_yaw.Add(yawDeg, alpha)), pitch = MathF.Abs(_pitch.Add(pitchDeg, alpha));
        float margin = Facing ? (float)s.FacingHysteresisDeg : 0f;
        Facing = yaw <= s.FacingYawDeg + margin && pitch <= s.FacingPitchDeg + margin;
        return Facing;
    }
}
