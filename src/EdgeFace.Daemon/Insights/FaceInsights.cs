using System.Drawing;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;

namespace EdgeFace.Insights;

/// <summary>
/// Everything the daemon reads from one tracked face over time, owned by its track and fed once per frame the face is
/// seen on. A struct of structs: observing a frame and filling an event allocate nothing.
/// </summary>
public struct FaceInsights
{
    private Dwell _dwell;
    private FacingDetector _facing;
    private BlinkDetector _eyes;
    private YawnDetector _mouth;
    private long _lastEyesMs;
    private bool _hasEyes, _hasMouth, _yawnPending;

    public readonly bool Facing => _facing.Facing;
    public long AttentionMs { get; private set; }
    public readonly long DwellMs => _dwell.DwellMs;
    public readonly BlinkDetector Eyes => _eyes;
    public readonly YawnDetector Mouth => _mouth;

    /// <summary>
    /// One frame of the face. <paramref name="landmarks"/> are iBUG-68 points, or empty when the landmark model is off.
    /// Returns true when a yawn was recognised on this frame (worth an event of its own).
    /// </summary>
    public bool Observe(bool hasPose, in HeadPose pose, ReadOnlySpan<PointF> landmarks, long nowMs, InsightsSettings s)
    {
        long step = _dwell.Advance(nowMs);
        // The facing state of the previous frame holds until this one.
        if (_facing.Facing) AttentionMs += step;
        if (hasPose) _facing.Update(pose.Yaw, pose.Pitch, s);

        bool yawn = false;
        if (landmarks.Length == FaceEvent.MaxLandmarks)
        {
            if (EyeAspectRatio.TryCompute(landmarks, EyeAspectRatio.LeftEyeStart, out float left)
                && EyeAspectRatio.TryCompute(landmarks, EyeAspectRatio.RightEyeStart, out float right))
            {
                _eyes.Update(left, right, nowMs, _hasEyes ? nowMs - _lastEyesMs : 0, s);
                _lastEyesMs = nowMs;
                _hasEyes = true;
            }
            if (MouthOpenness.TryCompute(landmarks, out float mouth))
            {
                yawn = _mouth.Update(mouth, nowMs, s);
                _hasMouth = true;
            }
        }
        _yawnPending |= yawn;
        return yawn;
    }

    /// <summary>Copies the current signals into an event's; a recognised yawn is reported on the first event after it.</summary>
    public void Fill(ref FaceSignals signals)
    {
        Snapshot(ref signals);
        signals.Yawn = _hasMouth && _yawnPending;
        _yawnPending = false;
    }

    /// <summary>The current signals, for readers of every frame (GPIO rules); leaves a recognised yawn for the next event.</summary>
    public readonly void Snapshot(ref FaceSignals signals)
    {
        signals = default;
        signals.Present = true;
        signals.DwellMs = _dwell.DwellMs;
        signals.Facing = _facing.Facing;
        signals.AttentionMs = AttentionMs;
        if (_hasEyes)
        {
            signals.HasEyes = true;
            signals.LeftEye = _eyes.LeftOpenness;
            signals.RightEye = _eyes.RightOpenness;
            signals.EyesClosed = _eyes.Closed;
            signals.EyesClosedMs = _eyes.ClosedMs;
            signals.EyesClosedTotalMs = _eyes.ClosedTotalMs;
            signals.Blinks = _eyes.Blinks;
            signals.BlinksPerMinute = _eyes.BlinksPerMinute;
        }
        if (_hasMouth)
        {
            signals.HasMouth = true;
            signals.Mouth = _mouth.Openness;
            signals.Yawning = _mouth.Yawning;
            signals.Yawns = _mouth.Yawns;
        }
    }
}
