using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Decoding;

/// <summary>
/// Decodes KPNet's scale and keypoint heatmaps into faces, exactly in the steps of docs/model-format.md: peaks of the
/// per-cell max over scale bins, sub-bin size, scale-adaptive soft-argmax of the keypoints, box from keypoints and
/// size, greedy NMS. Coordinates are input-tensor pixels. Scratch is sized once, so decoding allocates nothing.
/// </summary>
public sealed class KpnetDecoder
{
    private readonly KpnetParameters _p;
    private readonly int _bins, _w, _h, _stride;
    private readonly float[] _peakMap;
    private readonly FaceDetection[] _candidates;

    public KpnetDecoder(KpnetParameters parameters, int inputWidth, int inputHeight)
    {
        _p = parameters;
        _bins = parameters.ScaleBins.Count;
        _stride = parameters.Stride;
        _w = inputWidth / _stride;
        _h = inputHeight / _stride;
        _peakMap = new float[_w * _h];
        // Peaks cannot touch (a plateau gives one), so at most one cell in each 2x2 block is a peak.
        _candidates = new FaceDetection[((_w + 1) / 2) * ((_h + 1) / 2)];
    }

    public int MapWidth => _w;
    public int MapHeight => _h;

    /// <summary>Size in input pixels that a (fractional) scale-bin index stands for.</summary>
    public float BinSize(float bin) => _bins <= 1
        ? _p.ScaleBins.MinSize
        : _p.ScaleBins.MinSize * MathF.Pow(_p.ScaleBins.MaxSize / _p.ScaleBins.MinSize, bin / (_bins - 1));

    /// <summary>
    /// Decodes <paramref name="scale"/> (S×h×w) and <paramref name="keypoints"/> (5×h×w) into at most
    /// <c>max_faces</c> faces, best first, written to <paramref name="output"/>; returns the count written.
    /// </summary>
    public int Decode(ReadOnlySpan<float> scale, ReadOnlySpan<float> keypoints, Span<FaceDetection> output)
    {
        int plane = _w * _h;
        if (scale.Length < _bins * plane) throw new ArgumentException($"scale map has {scale.Length} values, needs {_bins}x{_h}x{_w}", nameof(scale));
        if (keypoints.Length < Keypoints5.Count * plane) throw new ArgumentException($"keypoint map has {keypoints.Length} values, needs 5x{_h}x{_w}", nameof(keypoints));

        // 1. m(y, x) = max over bins.
        var m = _peakMap.AsSpan();
        scale[..plane].CopyTo(m);
        for (int i = 1; i < _bins; i++)
        {
            var bin = scale.Slice(i * plane, plane);
            for (int c = 0; c < plane; c++) if (bin[c] > m[c]) m[c] = bin[c];
        }

        int count = 0;
        for (int y = 0; y < _h; y++)
        for (int x = 0; x < _w; x++)
        {
            float v = m[y * _w + x];
            if (v < _p.ScoreThreshold || !IsPeak(m, x, y, v)) continue;
            if (count == _candidates.Length) break;
            _candidates[count++] = DecodeAt(scale, keypoints, x, y, v);
        }

        var candidates = _candidates.AsSpan(0, count);
        GreedyNms.SortByScore(candidates);
        int kept = GreedyNms.Suppress(candidates, _p.NmsIou, Math.Min(_p.MaxFaces, output.Length));
        candidates[..kept].CopyTo(output);
        return kept;
    }

    /// <summary>≥ all eight neighbours, and strictly greater than those earlier in raster order, so a plateau gives one peak.</summary>
    private bool IsPeak(ReadOnlySpan<float> m, int x, int y, float v)
    {
        for (int dy = -1; dy <= 1; dy++)
        {
            int ny = y + dy;
            if ((uint)ny >= (uint)_h) continue;
            for (int dx = -1; dx <= 1; dx++)
            {
                int nx = x + dx;
                if ((dx == 0 && dy == 0) || (uint)nx >= (uint)_w) continue;
                float n = m[ny * _w + nx];
                bool earlier = dy < 0 || (dy == 0 && dx < 0);
                if (earlier ? n >= v : n > v) return false;
            }
        }
        return true;
    }

    private FaceDetection DecodeAt(ReadOnlySpan<float> scale, ReadOnlySpan<float> keypoints, int x, int y, float score)
    {
        int plane = _w * _h, cell = y * _w + x;

        // 2. Sub-bin scale around the best bin.
        int best = 0;
        for (int i = 1; i < _bins; i++) if (scale[i * plane + cell] > scale[best * plane + cell]) best = i;
        float weighted = 0, total = 0;
        for (int j = Math.Max(best - 1, 0); j <= Math.Min(best + 1, _bins - 1); j++)
        {
            float p = scale[j * plane + cell];
            weighted += p * j; total += p;
        }
        float size = BinSize(total > 0 ? weighted / total : best);

        // 3. Soft-argmax of each keypoint inside a window that grows with the face.
        int r = Math.Max(1, (int)MathF.Round(_p.WindowFactor * size / _stride));
        int x0 = Math.Max(x - r, 0), x1 = Math.Min(x + r, _w - 1), y0 = Math.Max(y - r, 0), y1 = Math.Min(y + r, _h - 1);
        var face = new FaceDetection { Score = score, Size = size };
        float mx = 0, my = 0;
        for (int k = 0; k < Keypoints5.Count; k++)
        {
            var heat = keypoints.Slice(k * plane, plane);
            float peak = float.NegativeInfinity;
            for (int cy = y0; cy <= y1; cy++)
            for (int cx = x0; cx <= x1; cx++) peak = MathF.Max(peak, heat[cy * _w + cx]);
            float sum = 0, sx = 0, sy = 0;
            for (int cy = y0; cy <= y1; cy++)
            for (int cx = x0; cx <= x1; cx++)
            {
                float e = MathF.Exp((heat[cy * _w + cx] - peak) / _p.Temperature); // max-shifted softmax: no overflow
                sum += e; sx += e * (cx + 0.5f); sy += e * (cy + 0.5f);
            }
            var point = new PointF(sx / sum * _stride, sy / sum * _stride);
            face.Keypoints[k] = point;
            mx += point.X; my += point.Y;
        }
        mx /= Keypoints5.Count; my /= Keypoints5.Count;

        // 4. Box from the keypoints' mean and the size.
        var box = _p.Box;
        float bw = box.W * size, bh = box.H * size;
        float cxBox = mx + box.Cx * size, cyBox = my + box.Cy * size;
        face.Box = new RectangleF(cxBox - bw / 2, cyBox - bh / 2, bw, bh);
        return face;
    }
}
