using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Decoding;

/// <summary>
/// Decodes YuNet's per-stride outputs (docs/model-format.md, "YuNet decoder") in input-tensor pixels. Feed each
/// stride with <see cref="Add"/> between <see cref="Begin"/> and <see cref="Finish"/>; scratch is sized at construction.
/// </summary>
public sealed class YunetDecoder
{
    private readonly YunetParameters _p;
    private readonly int _w, _h;
    private readonly FaceDetection[] _candidates;
    private int _count;

    public YunetDecoder(YunetParameters parameters, int inputWidth, int inputHeight)
    {
        _p = parameters; _w = inputWidth; _h = inputHeight;
        _candidates = new FaceDetection[parameters.Strides.Sum(s => (inputWidth / s) * (inputHeight / s))];
    }

    public void Begin() => _count = 0;

    /// <summary>Adds the cells of one stride that reach the score threshold.</summary>
    public void Add(int stride, ReadOnlySpan<float> cls, ReadOnlySpan<float> obj, ReadOnlySpan<float> bbox, ReadOnlySpan<float> kps)
    {
        int cols = _w / stride, rows = _h / stride, cells = cols * rows;
        if (cls.Length < cells || obj.Length < cells || bbox.Length < 4 * cells || kps.Length < 10 * cells)
            throw new ArgumentException($"stride {stride} outputs are smaller than its {rows}x{cols} grid");
        for (int i = 0; i < cells && _count < _candidates.Length; i++)
        {
            float score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
            if (score < _p.ScoreThreshold) continue;
            int row = i / cols, col = i % cols;
            var b = bbox.Slice(4 * i, 4);
            float cx = (col + b[0]) * stride, cy = (row + b[1]) * stride;
            float w = MathF.Exp(b[2]) * stride, h = MathF.Exp(b[3]) * stride;
            var face = new FaceDetection(new RectangleF(cx - w / 2, cy - h / 2, w, h), score);
            var k = kps.Slice(10 * i, 10);
            for (int p = 0; p < Keypoints5.Count; p++) face.Keypoints[p] = new PointF((col + k[2 * p]) * stride, (row + k[2 * p + 1]) * stride);
            _candidates[_count++] = face;
        }
    }

    /// <summary>Sorts, suppresses overlaps and writes the best faces; returns how many.</summary>
    public int Finish(Span<FaceDetection> output)
    {
        var candidates = _candidates.AsSpan(0, _count);
        GreedyNms.SortByScore(candidates);
        int kept = GreedyNms.Suppress(candidates, _p.NmsIou, Math.Min(_p.MaxFaces, output.Length));
        candidates[..kept].CopyTo(output);
        return kept;
    }
}
