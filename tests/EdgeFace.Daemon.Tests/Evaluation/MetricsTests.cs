using System.Drawing;
using EdgeFace.Evaluation;

namespace EdgeFace.Daemon.Tests.Evaluation;

public class MetricsTests
{
    private static PointF[] Face68()
    {
        var p = new PointF[68];
        for (int i = 0; i < 68; i++) p[i] = new PointF(100 + i, 100 + (i * 7) % 50);
        p[36] = new PointF(100, 120); p[45] = new PointF(200, 120); // inter-ocular distance 100
        return p;
    }

    [Fact]
    public void Nme_is_mean_error_over_outer_eye_distance()
    {
        var truth = Face68();
        Assert.Equal(0, LandmarkMetrics.Nme(truth, truth), 9);
        var shifted = truth.Select(p => new PointF(p.X + 6, p.Y + 8)).ToArray(); // 10 px off everywhere
        Assert.Equal(0.10, LandmarkMetrics.Nme(shifted, truth), 6);
    }

    [Fact]
    public void Failure_rate_and_auc()
    {
        var m = new LandmarkMetrics();
        m.Add(0.0); m.Add(0.05); m.Add(0.2); m.Add(0.05);
        Assert.Equal(0.25, m.FailureRate, 9);
        Assert.Equal((1 + 0.5 + 0 + 0.5) / 4, m.Auc, 9);
        Assert.Equal(0.075, m.Mean, 9);
    }

    [Fact]
    public void Perfect_detector_has_ap_1_and_a_confident_false_positive_lowers_it()
    {
        var truth = new List<RectangleF> { new(0, 0, 50, 50), new(100, 100, 20, 20) };
        var perfect = new DetectionMetrics();
        perfect.Add(truth, [(truth[0], 0.9f), (truth[1], 0.8f)]);
        Assert.Equal(1.0, perfect.AveragePrecision, 9);
        Assert.Equal(1.0, perfect.Recall, 9);

        var withFp = new DetectionMetrics();
        withFp.Add(truth, [(new RectangleF(300, 300, 40, 40), 0.99f), (truth[0], 0.9f), (truth[1], 0.8f)]);
        Assert.InRange(withFp.AveragePrecision, 0.5, 0.75);
        Assert.Equal(2.0 / 3.0, withFp.Precision, 9);
        var bySize = withFp.RecallBySize().ToDictionary(b => b.Bucket);
        Assert.Equal(1, bySize["16-32"].Truths);
        Assert.Equal(1.0, bySize["32-64"].Recall, 9);
    }

    [Fact]
    public void A_duplicate_detection_is_a_false_positive()
    {
        var truth = new List<RectangleF> { new(0, 0, 50, 50) };
        var m = new DetectionMetrics();
        m.Add(truth, [(truth[0], 0.9f), (new RectangleF(2, 2, 50, 50), 0.8f)]);
        Assert.Equal(0.5, m.Precision, 9);
    }

    [Fact]
    public void Reads_all_three_label_formats()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var pts = string.Join(",", Enumerable.Range(0, 68).Select(i => $"{i},{i + 1}"));
            File.WriteAllText(Path.Combine(dir, "l.csv"), "file,identity," + string.Join(",", Enumerable.Range(0, 68).Select(i => $"x{i},y{i}")) + "\na.jpg,Someone," + pts + "\n");
            File.WriteAllText(Path.Combine(dir, "l.xml"), "<dataset><images><image file='b.jpg'><box top='10' left='20' width='30' height='40'/><box top='1' left='2' width='3' height='4' ignore='1'/></image></images></dataset>");
            File.WriteAllText(Path.Combine(dir, "l.txt"), "# comment\nc.jpg 1 2 3 4\nc.jpg 5 6 7 8\nd.jpg\n");
            var csv = LabelReader.Read(Path.Combine(dir, "l.csv"));
            Assert.Equal(new RectangleF(0, 1, 67, 67), Assert.Single(Assert.Single(csv).Faces).Box);
            var xml = LabelReader.Read(Path.Combine(dir, "l.xml"));
            Assert.Equal(new RectangleF(20, 10, 30, 40), Assert.Single(Assert.Single(xml).Faces).Box);
            var list = LabelReader.Read(Path.Combine(dir, "l.txt"));
            Assert.Equal(2, list.Count);
            Assert.Equal(2, list[0].Faces.Count);
            Assert.Empty(list[1].Faces);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_label_file_over_the_limit_is_refused_before_it_is_read_and_bad_numbers_name_their_line()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            // Sparse and without a single line break: File.ReadLines would try to hold all of it as one string.
            string huge = Path.Combine(dir, "huge.txt");
            using (var f = new FileStream(huge, FileMode.Create)) f.SetLength(LabelReader.MaxFileBytes + 1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<FormatException>(() => LabelReader.Read(huge));
            Assert.Contains("limited to 256 MiB", e.Message);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
            File.WriteAllText(Path.Combine(dir, "l.txt"), "c.jpg 1 2 3 4\nc.jpg 5 x 7 8\n");
            e = Assert.Throws<FormatException>(() => LabelReader.Read(Path.Combine(dir, "l.txt")));
            Assert.Contains("l.txt:2: 'x' is not a number", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
