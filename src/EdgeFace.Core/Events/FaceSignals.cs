namespace EdgeFace.Core.Events;

/// <summary>
/// What the daemon reads from one tracked face over time (attention, eyes, mouth), as carried by <c>update</c> and
/// <c>end</c> events. A plain value: the tracker fills it on the frame thread and copying it allocates nothing.
/// Times are milliseconds of the track; eye and mouth fields are meaningful only when <see cref="HasEyes"/> and
/// <see cref="HasMouth"/> are set (they need the 68 landmarks).
/// </summary>
public struct FaceSignals
{
    /// <summary>False on events that carry no signals (<c>new</c> events, or a tracker that computes none).</summary>
    public bool Present;
    /// <summary>From the first to the last frame the track was seen on.</summary>
    public long DwellMs;
    public bool Facing;
    /// <summary>Total time spent facing the camera.</summary>
    public long AttentionMs;

    public bool HasEyes;
    /// <summary>Eye openness relative to this face's own open-eye level (1 ≈ as open as usual, 0 = shut), image left.</summary>
    public float LeftEye;
    public float RightEye;
    public bool EyesClosed;
    /// <summary>Length of the current closure (0 while the eyes are open).</summary>
    public long EyesClosedMs;
    /// <summary>All the time the eyes were closed over the track.</summary>
    public long EyesClosedTotalMs;
    public int Blinks;
    /// <summary>Blinks per minute of eye observation; NaN until enough time has been observed for a rate to mean anything.</summary>
    public float BlinksPerMinute;

    public bool HasMouth;
    /// <summary>Inner-lip gap over mouth width (0 = closed, about 0.3 talking, above 0.5 wide open).</summary>
    public float Mouth;
    public bool Yawning;
    public int Yawns;
    /// <summary>Set on the one event raised because a yawn was just recognised.</summary>
    public bool Yawn;
}
