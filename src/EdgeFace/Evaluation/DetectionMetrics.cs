using System.Drawing;
using EdgeFace.Inference.Decoding;

namespace EdgeFace.Evaluation;

/// <summary>
/// Detector accuracy: average precision at IoU 0.5 (all-point interpolated, as PASCAL VOC since 2010), and recall and
/// precision at the operating threshold, with recall broken down by face size (√(w·h) of the true box).
/// </summary>
public sealed class DetectionMetrics
{
    public static readonly (string Name, float Min, float Max)[] SizeBuckets =
        [("<16", 0, 16), ("16-32", 16, 32), ("32-64", 32, 64), ("64-128", 64, 128), (">=128", 128, float.MaxValue)];

    private readonly List<(float Score, bool TruePositive)> _detections = new();
    private readonly int[] _truthBySize = new int[SizeBuckets.Length];
    private readonly int[] _foundBySize = new int[SizeBuckets.Length];
    private int _truths, _tpAtThreshold, _fpAtThreshold;

    public double IouThreshold { get; init; } = 0.5;
    public float OperatingThreshold { get; init; } = 0.6f;

    public int Truths => _truths;

    /// <summary>Adds one image: greedy matching of detections (highest score first) to unmatched truths.</summary>
    public void Add(IReadOnlyList<RectangleF> truth, IReadOnlyList<(RectangleF Box, float Score)> detections)
    {
        var matched = new bool[truth.Count];
        foreach (var (box, score) in detections.OrderByDescending(d => d.Score))
        {
            int best = -1; double bestIou = IouThreshold;
            for (int i = 0; i < truth.Count; i++)
            {
                if (matched[i]) continue;
                double iou = GreedyNms.IoU(box, truth[i]);
                if (iou >= bestIou) { bestIou = iou; best = i; }
            }
            bool tp = best >= 0;
            if (tp) matched[best] = true;
            _detections.Add((score, tp));
            if (score >= OperatingThreshold)
            {
                if (tp) { _tpAtThreshold++; _foundBySize[Bucket(truth[best])]++; }
                else _fpAtThreshold++;
            }
        }
        foreach (var t in truth) _truthBySize[Bucket(t)]++;
        _truths += truth.Count;
    }

    private static int Bucket(RectangleF r)
    {
        float size = MathF.Sqrt(Math.Max(r.Width * r.Height, 0));
        for (int i = 0; i < SizeBuckets.Length; i++) if (size < SizeBuckets[i].Max) return i;
        return SizeBuckets.Length - 1;
    }

    public double Recall => _truths == 0 ? double.NaN : _tpAtThreshold / (double)_truths;
    public double Precision => _tpAtThreshold + _fpAtThreshold == 0 ? double.NaN : _tpAtThreshold / (double)(_tpAtThreshold + _fpAtThreshold);

    public IEnumerable<(string Bucket, int Truths, double Recall)> RecallBySize() =>
        SizeBuckets.Select((b, i) => (b.Name, _truthBySize[i], _truthBySize[i] == 0 ? double.NaN : _foundBySize[i] / (double)_truthBySize[i]));

    public double AveragePrecision
    {
        get
        {
            if (_truths == 0) return double.NaN;
            var sorted = _detections.OrderByDescending(d => d.Score).ToList();
            var precision = new double[sorted.Count];
            var recall = new double[sorted.Count];
            int tp = 0, fp = 0;
            for (int i = 0; i < sorted.Count; i++)
            {
                if (sorted[i].TruePositive) tp++; else fp++;
                precision[i] = tp / (double)(tp + fp);
                recall[i] = tp / (double)_truths;
            }
            // Make precision monotonically non-increasing, then integrate over recall steps.
            for (int i = sorted.Count - 2; i >= 0; i--) precision[i] = Math.Max(precision[i], precision[i + 1]);
            double ap = 0, lastRecall = 0;
            for (int i = 0; i < sorted.Count; i++)
            {
                ap += (recall[i] - lastRecall) * precision[i];
                lastRecall = recall[i];
            }
            return ap;
        }
    }
}
