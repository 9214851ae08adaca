using EdgeFace.Capture.Supervision;

namespace EdgeFace.Supervision;

/// <summary>
/// The answer to a restart: whether the camera streams again, the one camera state that decided it, and why not.
/// Built from a single observation, so the answer cannot contradict itself.
/// </summary>
public sealed record RestartOutcome(bool Streaming, CameraState Camera, string? Error)
{
    public string CameraName => Camera.ToString().ToLowerInvariant();

    /// <summary>"the camera is reconnecting: …" for a failed restart.</summary>
    public string Describe() => Streaming ? "the camera is streaming" : $"the camera is {CameraName}" + (Error is null ? "" : $": {Error}");
}
