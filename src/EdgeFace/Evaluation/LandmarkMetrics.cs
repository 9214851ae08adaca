using System.Drawing;
using EdgeFace.Core.Faces;

namespace EdgeFace.Evaluation;

/// <summary>
/// Landmark accuracy as the 300-W literature reports it: normalised mean error (NME) per face with inter-ocular
/// normalisation (outer eye corners, points 36 and 45), the failure rate at NME &gt; 10 %, and the area under the
/// cumulative error curve up to 10 % (AUC@10, 1 = perfect).
/// </summary>
public sealed class LandmarkMetrics
{
    private readonly List<double> _errors = new();

    public const double FailureThreshold = 0.10;

    public int Count => _errors.Count;
    /// <summary>Faces with ground truth landmarks that the detector did not find (not part of NME).</summary>
    public int Missed { get; private set; }

    public static double Nme(ReadOnlySpan<PointF> predicted, ReadOnlySpan<PointF> truth)
    {
        if (predicted.Length != truth.Length || truth.Length != 68) throw new ArgumentException("NME needs 68 predicted and 68 true points");
        var a = truth[LandmarkScheme.Ibug68OuterLeftEye];
        var b = truth[LandmarkScheme.Ibug68OuterRightEye];
        double norm = Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        if (norm < 1e-6) throw new ArgumentException("outer eye corners coincide; cannot normalise");
        double sum = 0;
        for (int i = 0; i < 68; i++)
        {
            double dx = predicted[i].X - truth[i].X, dy = predicted[i].Y - truth[i].Y;
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        return sum / 68 / norm;
    }

    public void Add(double nme) => _errors.Add(nme);
    public void AddMissed() => Missed++;

    public double Mean => _errors.Count == 0 ? double.NaN : _errors.Average();
    public double FailureRate => _errors.Count == 0 ? double.NaN : _errors.Count(e => e > FailureThreshold) / (double)_errors.Count;

    /// <summary>Area under the cumulative error distribution from 0 to 10 %, normalised to 1.</summary>
    public double Auc
    {
        get
        {
            if (_errors.Count == 0) return double.NaN;
            // Exact integral of the step function: each face with error e contributes (threshold - e) / threshold.
            return _errors.Where(e => e < FailureThreshold).Sum(e => (FailureThreshold - e) / FailureThreshold) / _errors.Count;
        }
    }
}
