using System.Drawing;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Rules;

/// <summary>
/// The compiled <c>when</c> of an output rule: filters applied to each face, and a count threshold. The signal
/// filters (facing, eyes closed, yawning) read the face's tracked <see cref="FaceSignals"/>; a face without them
/// (or without eye and mouth signals, for those filters) does not pass.
/// </summary>
public readonly struct FaceCondition
{
    private readonly int _minFaces;
    private readonly float _minScore;
    private readonly float _minFacePx;
    private readonly RectangleF? _zone; // normalised
    private readonly bool? _facing, _yawning;
    private readonly int _minEyesClosedMs;

    public FaceCondition(int minFaces, float minScore, float minFacePx, RectangleF? zone,
        bool? facing = null, int minEyesClosedMs = 0, bool? yawning = null)
    {
        _minFaces = Math.Max(1, minFaces);
        _minScore = minScore;
        _minFacePx = minFacePx;
        _zone = zone;
        _facing = facing;
        _minEyesClosedMs = minEyesClosedMs;
        _yawning = yawning;
    }

    private bool NeedsSignals => _facing is not null || _minEyesClosedMs > 0 || _yawning is not null;

    public static FaceCondition From(GpioConditionOptions when, IReadOnlyDictionary<string, float[]> zones)
    {
        RectangleF? zone = null;
        if (when.Zone is { } name)
        {
            if (!zones.TryGetValue(name, out var r) || r.Length != 4) throw new ArgumentException($"zone '{name}' is not defined");
            zone = new RectangleF(r[0], r[1], r[2], r[3]);
        }
        return new FaceCondition(when.MinFaces, when.MinScore, when.MinFacePx, zone, when.Facing, when.MinEyesClosedMs, when.Yawning);
    }

    /// <summary>True when enough faces in this frame pass every filter.</summary>
    public bool Matches(ReadOnlySpan<FaceDetection> faces, int frameWidth, int frameHeight) => Matches(faces, default, frameWidth, frameHeight);

    /// <summary>
    /// As <see cref="Matches(ReadOnlySpan{FaceDetection}, int, int)"/>, with <paramref name="signals"/>[i] the tracked
    /// signals of <paramref name="faces"/>[i] (shorter or empty when there are none).
    /// </summary>
    public bool Matches(ReadOnlySpan<FaceDetection> faces, ReadOnlySpan<FaceSignals> signals, int frameWidth, int frameHeight)
    {
        if (faces.Length < _minFaces) return false;
        int count = 0;
        for (int i = 0; i < faces.Length; i++)
        {
            ref readonly var f = ref faces[i];
            if (NeedsSignals && (i >= signals.Length || !Passes(signals[i]))) continue;
            if (f.Score < _minScore) continue;
            if (Math.Max(f.Box.Width, f.Box.Height) < _minFacePx) continue;
            if (_zone is RectangleF z && frameWidth > 0 && frameHeight > 0)
            {
                float cx = (f.Box.X + f.Box.Width * 0.5f) / frameWidth;
                float cy = (f.Box.Y + f.Box.Height * 0.5f) / frameHeight;
                if (cx < z.Left || cx >= z.Right || cy < z.Top || cy >= z.Bottom) continue;
            }
            if (++count >= _minFaces) return true;
        }
        return false;
    }

    private bool Passes(in FaceSignals s)
    {
        if (!s.Present) return false;
        if (_facing is bool facing && s.Facing != facing) return false;
        if (_minEyesClosedMs > 0 && (!s.HasEyes || s.EyesClosedMs < _minEyesClosedMs)) return false;
        if (_yawning is bool yawning && (!s.HasMouth || s.Yawning != yawning)) return false;
        return true;
    }
}
