using System.Diagnostics;
using System.Text.Json;
using EdgeFace.Configuration;
using EdgeFace.Imaging;
using EdgeFace.Inference;
using EdgeFace.Pipeline;

namespace EdgeFace.Cli.Commands;

/// <summary>
/// <c>edgeface detect IMAGE|FOLDER…</c>: one JSON line per image with faces, keypoints and landmarks in image pixels.
/// A broken image gives <c>{"file":…,"error":…}</c> and the run continues.
/// </summary>
public static class DetectCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".ppm", ".pgm", ".pnm"];

    public static CommandSpec Spec => new("detect", "Detect faces (and landmarks) in images; prints one JSON line per image.",
        "[--detector MANIFEST] [--landmarker MANIFEST] [--config FILE] [--json] IMAGE|FOLDER...",
        [new("detector", "Detector manifest (path, or name inside the models folder).", "MANIFEST"),
         new("landmarker", "Landmark model manifest; 'none' disables landmarks.", "MANIFEST"),
         ConfigResolver.ConfigOption, new("json", "JSON lines output (the default; kept for symmetry).")],
        (a, ct) => Task.FromResult(Run(a, ct)));

    private static int Run(ParsedArgs args, CancellationToken ct)
    {
        if (args.Positionals.Count == 0) throw new CliException("detect needs at least one image or folder (see --help)");
        var config = ConfigResolver.Resolve(args).Config!;
        string? landmarker = args.Get("landmarker") is "none" ? "" : args.Get("landmarker");
        using var processor = ModelSet.Load(config, args.Get("detector"), landmarker);
        var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout);
        int failures = 0;
        foreach (var file in Expand(args.Positionals))
        {
            if (ct.IsCancellationRequested) break;
            json.Reset();
            json.WriteStartObject();
            json.WriteString("file", Path.GetFileName(file));
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                var image = ImageFile.Load(file);
                double loadMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                var timings = new FrameTimings();
                processor.Process(image.View, ref timings);
                json.WriteNumber("width", image.Width);
                json.WriteNumber("height", image.Height);
                WriteFaces(json, processor);
                json.WriteStartObject("timings_ms");
                json.WriteNumber("load", Math.Round(loadMs, 2));
                json.WriteNumber("detect", Math.Round(InferenceTimings.ToMilliseconds(timings.Detect), 2));
                json.WriteNumber("landmarks", Math.Round(InferenceTimings.ToMilliseconds(timings.Landmarks), 2));
                json.WriteNumber("ort_run", Math.Round(InferenceTimings.ToMilliseconds(timings.OrtRun), 2));
                json.WriteEndObject();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageFormatException or EdgeFace.Imaging.Jpeg.JpegException or ArgumentException)
            {
                failures++;
                json.WriteString("error", e.Message);
            }
            json.WriteEndObject();
            json.Flush();
            stdout.Write("\n"u8);
        }
        stdout.Flush();
        return 0;
    }

    private static void WriteFaces(Utf8JsonWriter json, FrameProcessor p)
    {
        json.WriteStartArray("faces");
        var faces = p.Faces;
        var landmarks = p.Landmarks;
        int n = p.PointsPerFace;
        for (int i = 0; i < faces.Length; i++)
        {
            var f = faces[i];
            json.WriteStartObject();
            json.WriteStartArray("box");
            foreach (var v in new[] { f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height }) json.WriteNumberValue(MathF.Round(v, 1));
            json.WriteEndArray();
            json.WriteNumber("score", MathF.Round(f.Score, 3));
            json.WriteStartArray("keypoints");
            for (int k = 0; k < 5; k++) Point(json, f.Keypoints[k]);
            json.WriteEndArray();
            if (n > 0)
            {
                json.WriteStartArray("landmarks");
                foreach (var pt in landmarks.Slice(i * n, n)) Point(json, pt);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Point(Utf8JsonWriter json, System.Drawing.PointF p)
    {
        json.WriteStartArray();
        json.WriteNumberValue(MathF.Round(p.X, 1));
        json.WriteNumberValue(MathF.Round(p.Y, 1));
        json.WriteEndArray();
    }

    /// <summary>Files as given; folders expand to their images in name order.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var f in Directory.EnumerateFiles(input).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal))
                    yield return f;
            }
            else yield return input;
        }
    }
}
