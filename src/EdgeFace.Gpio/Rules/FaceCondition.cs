using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Rules;

/// <summary>The compiled <c>when</c> of an output rule: filters applied to each face, and a count threshold.</summary>
public readonly struct FaceCondition
{
    private readonly int _minFaces;
    private readonly float _minScore;
    private readonly float _minFacePx;
    private readonly RectangleF? _zone; // normalised

    public FaceCondition(int minFaces, float minScore, float minFacePx, RectangleF? zone)
    {
        _minFaces = Math.Max(1, minFaces);
        _minScore = minScore;
        _minFacePx = minFacePx;
        _zone = zone;
    }

    public static FaceCondition From(GpioConditionOptions when, IReadOnlyDictionary<string, float[]> zones)
    {
        RectangleF? zone = null;
        if (when.Zone is { } name)
        {
            if (!zones.TryGetValue(name, out var r) || r.Length != 4) throw new ArgumentException($"zone '{name}' is not defined");
            zone = new RectangleF(r[0], r[1], r[2], r[3]);
        }
        return new FaceCondition(when.MinFaces, when.MinScore, when.MinFacePx, zone);
    }

    /// <summary>True when enough faces in this frame pass every filter.</summary>
    public bool Matches(ReadOnlySpan<FaceDetection> faces, int frameWidth, int frameHeight)
    {
        if (faces.Length < _minFaces) return false;
        int count = 0;
        foreach (ref readonly var f in faces)
        {
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
}
