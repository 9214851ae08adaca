using System.Drawing;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Evaluation;
using EdgeFace.Imaging;
using EdgeFace.Pipeline;

namespace EdgeFace.Cli.Commands;

/// <summary>
/// <c>edgeface eval LABELS</c>: runs the models over a labelled folder and reports landmark accuracy (NME with
/// inter-ocular normalisation, failure rate at 10 %, AUC@10) and detection accuracy (AP@0.5, recall and precision at the
/// operating threshold, recall by face size).
/// </summary>
public static class EvalCommand
{
    public static CommandSpec Spec => new("eval", "Measure accuracy on a labelled folder (68-point CSV, dlib XML or 'file x y w h' list).",
        "LABELS [--images DIR] [--detector MANIFEST] [--landmarker MANIFEST] [--max-images N] [--config FILE] [--json]",
        [new("images", "Folder of the images (default: beside the labels, or its images/ folder).", "DIR"),
         new("detector", "Detector manifest.", "MANIFEST"), new("landmarker", "Landmark model manifest ('none' to skip).", "MANIFEST"),
         new("max-images", "Evaluate at most N images.", "N"), ConfigResolver.ConfigOption, new("json", "Machine-readable output.")],
        (a, ct) => Task.FromResult(Run(a, ct)));

    private static int Run(ParsedArgs args, CancellationToken ct)
    {
        if (args.Positionals.Count != 1) throw new CliException("eval takes one LABELS file (see --help)");
        string labelsPath = args.Positionals[0];
        List<LabeledImage> labels;
        try { labels = LabelReader.Read(labelsPath); }
        catch (Exception e) when (e is IOException or FormatException or System.Xml.XmlException) { throw new CliException($"cannot read labels {labelsPath}: {e.Message}"); }
        string dir = args.Get("images") ?? (Directory.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(labelsPath))!, "images"))
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(labelsPath))!, "images") : Path.GetDirectoryName(Path.GetFullPath(labelsPath))!);
        int max = args.GetInt("max-images", 1) ?? int.MaxValue;
        var config = ConfigResolver.Resolve(args).Config!;
        using var processor = ModelSet.Load(config, args.Get("detector"), args.Get("landmarker") is "none" ? "" : args.Get("landmarker"));
        var detection = new DetectionMetrics { OperatingThreshold = 0 };
        var landmarks = new LandmarkMetrics();
        int images = 0, unreadable = 0;
        foreach (var item in labels.Take(max))
        {
            if (ct.IsCancellationRequested) break;
            RgbImage image;
            try { image = ImageFile.Load(Path.Combine(dir, item.File)); }
            catch (Exception e) when (e is IOException or ImageFormatException or EdgeFace.Imaging.Jpeg.JpegException) { unreadable++; continue; }
            images++;
            var t = new FrameTimings();
            processor.Process(image.View, ref t);
            var faces = processor.Faces;
            detection.Add(item.Faces.Select(f => f.Box).ToList(), faces.ToArray().Select(f => (f.Box, f.Score)).ToList());
            int n = processor.PointsPerFace;
            if (n != 68) continue;
            var points = processor.Landmarks;
            foreach (var truth in item.Faces.Where(f => f.Landmarks is not null))
            {
                int best = BestMatch(faces, truth.Box);
                if (best < 0) { landmarks.AddMissed(); continue; }
                landmarks.Add(LandmarkMetrics.Nme(points.Slice(best * n, n), truth.Landmarks));
            }
        }
        var result = new JsonObject
        {
            ["labels"] = labelsPath, ["images"] = images, ["unreadable"] = unreadable, ["faces"] = detection.Truths,
            ["detection"] = new JsonObject
            {
                ["ap50"] = Round(detection.AveragePrecision), ["recall"] = Round(detection.Recall), ["precision"] = Round(detection.Precision),
                ["recall_by_size"] = new JsonObject(detection.RecallBySize().Select(b => KeyValuePair.Create(b.Bucket, (JsonNode?)new JsonObject { ["faces"] = b.Truths, ["recall"] = Round(b.Recall) }))),
            },
        };
        if (landmarks.Count + landmarks.Missed > 0)
            result["landmarks"] = new JsonObject
            {
                ["faces"] = landmarks.Count, ["missed_by_detector"] = landmarks.Missed, ["nme"] = Round(landmarks.Mean),
                ["failure_rate_10"] = Round(landmarks.FailureRate), ["auc_10"] = Round(landmarks.Auc),
            };
        Console.Out.WriteLine(args.Has("json") ? result.ToJsonString() : result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>The detection whose box centre lies inside the true box and closest to its centre.</summary>
    private static int BestMatch(ReadOnlySpan<EdgeFace.Core.Faces.FaceDetection> faces, RectangleF truth)
    {
        int best = -1; double bestDistance = double.MaxValue;
        float cx = truth.X + truth.Width / 2, cy = truth.Y + truth.Height / 2;
        for (int i = 0; i < faces.Length; i++)
        {
            var b = faces[i].Box;
            float fx = b.X + b.Width / 2, fy = b.Y + b.Height / 2;
            if (!truth.Contains(fx, fy)) continue;
            double d = (fx - cx) * (fx - cx) + (fy - cy) * (fy - cy);
            if (d < bestDistance) { bestDistance = d; best = i; }
        }
        return best;
    }

    private static JsonNode? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 4);
}
