using System.Diagnostics.CodeAnalysis;
using System.Drawing;
using EdgeFace.Core.Faces;

namespace EdgeFace.Core.Events;

/// <summary>
/// One face lifecycle change, the one shape written to stdout and published on &lt;prefix&gt;/events. Mutable and
/// pooled (<see cref="FaceEventPool"/>): whoever rents one fills it and hands it on; the last holder returns it, so
/// producing an event on the frame path allocates nothing.
/// </summary>
public sealed class FaceEvent
{
    public const int MaxLandmarks = 68;

    public FaceEventType Type { get; set; }
    /// <summary>The per-device event number MQTT gives the event when it accepts it (0 before).</summary>
    public long Sequence { get; set; }
    /// <summary>Track id, stable over one face's lifecycle.</summary>
    public int Id { get; set; }
    /// <summary>Unix time in milliseconds of the frame.</summary>
    public long TimestampMs { get; set; }
    public RectangleF Box { get; set; }
    public float Score { get; set; }
    public Keypoints5 Keypoints { get; set; }
    public PointF[] Landmarks { get; } = new PointF[MaxLandmarks];
    /// <summary>0 when the event carries no landmarks.</summary>
    public int LandmarkCount { get; set; }
    public bool HasPose { get; set; }
    public float Yaw { get; set; }
    public float Pitch { get; set; }
    public float Roll { get; set; }
    public string Camera { get; set; } = "camera";
    /// <summary>Attention, eye and mouth signals of the track (update and end events).</summary>
    [SuppressMessage("Design", "CA1051", Justification = "a field so the tracker fills it in place (by ref) on the frame path")]
    public FaceSignals Signals;

    /// <summary>Clears every field, for an event rented again.</summary>
    public void Reset()
    {
        Type = FaceEventType.New; Sequence = 0; Id = 0; TimestampMs = 0; Box = default; Score = 0; Keypoints = default;
        LandmarkCount = 0; HasPose = false; Yaw = Pitch = Roll = 0; Signals = default;
    }
}
