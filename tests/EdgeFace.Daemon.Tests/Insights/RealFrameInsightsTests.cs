using System.Diagnostics;
using System.Drawing;
using EdgeFace.Configuration;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Insights;
using EdgeFace.Pipeline;
using EdgeFace.TestSupport;
using Xunit.Abstractions;

namespace EdgeFace.Daemon.Tests.Insights;

/// <summary>
/// The eye and mouth measurements on real video frames: landmarks68.tar holds clips of three frames each (YouTube
/// Faces) with hand-placed iBUG-68 points. Nothing there says whether an eye is open, so the reference is the same
/// measurement on the hand-placed points: how closely the shipped models' landmarks reproduce it is what these tests
/// measure. Figures are printed; docs/insights.md records them.
/// </summary>
public class RealFrameInsightsTests(ITestOutputHelper output)
{
    private const string Tar = "data/landmarks68.tar";
    // One clip in this many, spread over the identities (clips of one person sit next to each other).
    private const int ClipStride = 8;

    private sealed record Measured(string Clip, float TrueEar, float ModelEar, float TrueMouth, float ModelMouth);

    [RequiresSharedAndOnnxRuntimeFact(Tar)]
    public void Shipped_landmarks_reproduce_eye_openness_and_mouth_openness_of_hand_placed_points()
    {
        var (measured, clips, missed) = MeasureClips();
        Assert.True(measured.Count >= 200, $"only {measured.Count} faces measured");

        double earR = Pearson(measured.Select(m => (double)m.TrueEar), measured.Select(m => (double)m.ModelEar));
        double earMae = measured.Average(m => Math.Abs(m.TrueEar - m.ModelEar));
        double mouthR = Pearson(measured.Select(m => (double)m.TrueMouth), measured.Select(m => (double)m.ModelMouth));
        double mouthMae = measured.Average(m => Math.Abs(m.TrueMouth - m.ModelMouth));

        // Openness as the signal reports it: relative to the face's own open level, here the clip's widest-open frame.
        var relative = measured.GroupBy(m => m.Clip).Where(g => g.Count() == 3).SelectMany(g =>
        {
            float trueOpen = g.Max(m => m.TrueEar), modelOpen = g.Max(m => m.ModelEar);
            return g.Select(m => (True: m.TrueEar / trueOpen, Model: m.ModelEar / modelOpen));
        }).ToList();
        double relR = Pearson(relative.Select(r => (double)r.True), relative.Select(r => (double)r.Model));
        float closed = (float)new InsightsSettings().EyeClosedRatio;
        int tp = relative.Count(r => r.True < closed && r.Model < closed), fn = relative.Count(r => r.True < closed && r.Model >= closed);
        int fp = relative.Count(r => r.True >= closed && r.Model < closed), tn = relative.Count - tp - fn - fp;

        output.WriteLine($"{measured.Count} faces in {clips} clips ({missed} frames without a detected face)");
        output.WriteLine($"EAR (mean of both eyes): hand {measured.Average(m => m.TrueEar):F3}, model {measured.Average(m => m.ModelEar):F3}, r = {earR:F3}, MAE = {earMae:F3}");
        output.WriteLine($"EAR relative to the clip's open level: r = {relR:F3} over {relative.Count} frames");
        output.WriteLine($"closed (< {closed} of open) by hand points vs by model: both {tp}, hand only {fn}, model only {fp}, neither {tn}");
        output.WriteLine($"mouth openness: r = {mouthR:F3}, MAE = {mouthMae:F3}");

        // Floors a little under the figures measured when this test was written (docs/insights.md): a landmark model
        // or a measurement that got worse fails here.
        // Measured: EAR r 0.556, MAE 0.052; mouth r 0.715, MAE 0.050 (364 faces, 123 clips).
        Assert.InRange(earR, 0.5, 1);
        Assert.InRange(earMae, 0, 0.06);
        Assert.InRange(mouthR, 0.65, 1);
        Assert.InRange(mouthMae, 0, 0.06);
    }

    private static (List<Measured> Measured, int Clips, int Missed) MeasureClips()
    {
        var dir = Directory.CreateTempSubdirectory("edgeface-insights-");
        try
        {
            string tar = Path.Combine(SharedData.Root!, Tar);
            Run("tar", $"-xf \"{tar}\" -C \"{dir.FullName}\" landmarks68/labels.csv");
            var rows = File.ReadLines(Path.Combine(dir.FullName, "landmarks68", "labels.csv")).Skip(1)
                .Select(l => l.Split(',')).Where(r => r.Length >= 2 + 136).ToArray();
            // a_Name_NM.jpg: clip N of the person, frame M of the clip.
            var clips = rows.GroupBy(r => r[0][..^5]).Where(g => g.Count() == 3).Where((_, i) => i % ClipStride == 0).ToArray();
            Run("tar", $"-xf \"{tar}\" -C \"{dir.FullName}\" " + string.Join(" ", clips.SelectMany(g => g).Select(r => $"landmarks68/images/{r[0]}")));

            using var processor = ModelSet.Load(new EdgeFaceConfig());
            var result = new List<Measured>();
            int missed = 0;
            foreach (var clip in clips)
                foreach (var row in clip)
                {
                    var truth = Points(row);
                    var model = Detect(processor, Path.Combine(dir.FullName, "landmarks68", "images", row[0]), truth);
                    if (model is null) { missed++; continue; }
                    result.Add(new Measured(clip.Key, MeanEar(truth), MeanEar(model), Mouth(truth), Mouth(model)));
                }
            return (result, clips.Length, missed);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The model's 68 points of the detected face whose box holds the labelled points' centre, if any.</summary>
    private static PointF[]? Detect(FrameProcessor processor, string file, PointF[] truth)
    {
        var image = ImageFile.Load(file);
        var frame = new Frame();
        frame.SetManaged(image.Pixels, image.Pixels.Length, PixelFormat.Rgb24, image.Width, image.Height, image.Width * 3, null);
        var timings = new FrameTimings();
        int n = processor.Process(frame, ref timings);
        var centre = new PointF(truth.Average(p => p.X), truth.Average(p => p.Y));
        for (int i = 0; i < n; i++)
            if (processor.Faces[i].Box.Contains(centre) && processor.PointsPerFace == 68)
                return processor.Landmarks.Slice(i * 68, 68).ToArray();
        return null;
    }

    private static PointF[] Points(string[] row)
    {
        var p = new PointF[68];
        for (int i = 0; i < 68; i++) p[i] = new PointF(float.Parse(row[2 + 2 * i], System.Globalization.CultureInfo.InvariantCulture), float.Parse(row[3 + 2 * i], System.Globalization.CultureInfo.InvariantCulture));
        return p;
    }

    private static float MeanEar(PointF[] p)
    {
        EyeAspectRatio.TryCompute(p, EyeAspectRatio.LeftEyeStart, out float l);
        EyeAspectRatio.TryCompute(p, EyeAspectRatio.RightEyeStart, out float r);
        return (l + r) / 2;
    }

    private static float Mouth(PointF[] p) => MouthOpenness.TryCompute(p, out float m) ? m : 0;

    private static double Pearson(IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var x = xs.ToArray(); var y = ys.ToArray();
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static void Run(string command, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {error}");
    }
}
