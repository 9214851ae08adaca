using EdgeFace.Core.Events;

namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>What one face event means for Home Assistant, beyond the event itself.</summary>
[Flags]
public enum FaceInsight
{
    None = 0,
    /// <summary>A face turned to the camera (device trigger "looking").</summary>
    Looking = 1,
    /// <summary>A face's eyes have now been closed for the configured time (device trigger "eyes_closed", event "drowsy").</summary>
    EyesClosedLong = 2,
    /// <summary>A yawn was recognised (event "yawn").</summary>
    Yawn = 4,
    /// <summary>"Someone facing" or the last dwell changed: the state message is due.</summary>
    StateChanged = 8,
}

/// <summary>
/// Follows the per-face signals of update/end events (facing, eyes closed time, yawn, dwell) and turns them into
/// Home Assistant's device-wide view: whether anyone faces the camera, the last finished face's dwell, and the
/// moments worth a trigger or an event. One per service; <see cref="Observe"/> runs on the single event-writing task,
/// the read-only properties may be read from any thread.
/// </summary>
public sealed class FaceInsights(int eyesClosedTriggerMs)
{
    private readonly Dictionary<int, (bool Facing, bool ClosedFired)> _faces = new();
    private int _facing;
    private long _lastDwellMs = -1;

    public bool SomeoneFacing => Volatile.Read(ref _facing) > 0;

    /// <summary>Dwell of the face that ended last, in seconds; null until one has ended.</summary>
    public double? LastDwellSeconds => Volatile.Read(ref _lastDwellMs) is var ms and >= 0 ? ms / 1000.0 : null;

    public FaceInsight Observe(FaceEvent e)
    {
        var result = FaceInsight.None;
        var previous = _faces.GetValueOrDefault(e.Id);
        var s = e.Signals;
        var now = previous;
        if (e.Type != FaceEventType.New && s.Present)
        {
            now.Facing = s.Facing;
            if (s.Facing && !previous.Facing) result |= FaceInsight.Looking;
            if (s.HasEyes && s.EyesClosed && s.EyesClosedMs >= eyesClosedTriggerMs && !previous.ClosedFired) { result |= FaceInsight.EyesClosedLong; now.ClosedFired = true; }
            if (!s.EyesClosed) now.ClosedFired = false;   // the next long closure fires again
            if (s.Yawn) result |= FaceInsight.Yawn;
        }
        if (e.Type == FaceEventType.End)
        {
            _faces.Remove(e.Id);
            now.Facing = false;
            if (s.Present) { Volatile.Write(ref _lastDwellMs, s.DwellMs); result |= FaceInsight.StateChanged; }
        }
        else
        {
            // An end that never came (its event dropped from a full queue) must not keep a face forever.
            if (_faces.Count >= 1024 && !_faces.ContainsKey(e.Id)) { _faces.Clear(); Volatile.Write(ref _facing, 0); previous = default; }
            _faces[e.Id] = now;
        }
        if (now.Facing != previous.Facing)
        {
            int before = _facing;
            Volatile.Write(ref _facing, before + (now.Facing ? 1 : -1));
            if ((before > 0) != (_facing > 0)) result |= FaceInsight.StateChanged;
        }
        return result;
    }
}
