using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Core.Frames;
using EdgeFace.Core.Hosting;
using EdgeFace.Device.Board;
using EdgeFace.Device.Stats;
using EdgeFace.Imaging;
using EdgeFace.Imaging.Benchmarks;
using EdgeFace.Imaging.Diagnostics;
using EdgeFace.Imaging.Jpeg;
using EdgeFace.Pipeline;

namespace EdgeFace.Cli.Commands;

/// <summary>
/// <c>edgeface bench</c>: per-model latency (p50/p95/p99 of the bare ONNX Runtime run and of the whole call) for each
/// thread count, the end-to-end frame cost against the sum of bare runs (EdgeFace's overhead), managed allocation per
/// frame, and the image-conversion kernels. <c>--report</c> writes the same as Markdown and JSON for the device.
/// </summary>
public static class BenchCommand
{
    public static CommandSpec Spec => new("bench", "Measure model latency, pipeline overhead, allocations and image kernels on this device.",
        "[--runs N] [--threads 1,2] [--source folder:PATH] [--config FILE] [--json] [--report] [--out DIR]",
        [new("runs", "Measured runs per case (default 300).", "N"), new("threads", "Intra-op thread counts to try (default 1,2,4, up to the core count).", "LIST"),
         new("source", "Frames for the pipeline figures: folder:PATH (its JPEG/PNG/PPM images, cycled as JPEG frames); default: a built-in 640x480 portrait.", "URI"),
         ConfigResolver.ConfigOption, new("json", "Print results as JSON."), new("report", "Write a device report (Markdown + JSON)."),
         new("out", "Report folder (default .cache/bench).", "DIR")],
        (a, ct) => Task.FromResult(Run(a, ct)));

    private static int Run(ParsedArgs args, CancellationToken ct)
    {
        var config = ConfigResolver.Resolve(args).Config!;
        int runs = args.GetInt("runs", 10, 1_000_000) ?? 300;
        var threads = (args.Get("threads") ?? DefaultThreads()).Split(',').Select(t => int.TryParse(t, out int n) && n > 0 ? n : throw new CliException($"--threads: '{t}' is not a thread count")).ToArray();
        var result = new JsonObject
        {
            ["device"] = new EdgeFace.Device.Board.BoardDetector().Detect().Model ?? Environment.MachineName,
            ["cores"] = Environment.ProcessorCount,
            ["onnxruntime"] = EdgeFace.Onnx.OnnxRuntimeLibrary.Version,
            ["providers"] = new JsonArray(config.Inference.Providers.Select(p => (JsonNode)p).ToArray()),
        };
        // What a projection for a named core needs to be checked against: which core, its clock, the vector
        // instructions the kernels use, the build, and whether the board was hot or throttled while measuring.
        var cpu = CpuDescription.Read();
        result["cpu"] = new JsonObject
        {
            ["arch"] = cpu.Architecture, ["model"] = cpu.Model, ["cores"] = cpu.Cores,
            ["max_mhz"] = cpu.MaxMhz, ["governor"] = cpu.Governor,
            ["vector_isa"] = new JsonArray(KernelPathCounters.InstructionSets().Where(i => i.Supported).Select(i => (JsonNode)i.Name.Split('.')[0]).Distinct().ToArray()),
        };
        result["build"] = new JsonObject
        {
            ["edgeface"] = VersionInfo.EdgeFace, ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["form"] = !RuntimeFeature.IsDynamicCodeSupported ? "nativeaot"
                : File.Exists(Path.Combine(AppContext.BaseDirectory, "libcoreclr.so")) ? "self-contained" : "framework-dependent",
        };
        var thermal = new ThermalSensor();
        var throttling = new PiThrottling();
        var heat = new JsonObject { ["start_c"] = thermal.ReadCelsius(), ["throttled_start"] = throttling.Read() is { } before ? $"0x{before.Raw:x}" : null };
        var samples = Samples(args.Get("source"));
        var frame = samples[0];
        result["source"] = args.Get("source") is { } src ? $"{src} ({samples.Count} images)" : "built-in 640x480 portrait";
        var models = new JsonArray();
        foreach (int t in threads)
        {
            config.Inference.IntraOpThreads = t;
            using var processor = ModelSet.Load(config);
            var view = new ImageView(frame.Rgb, PixelFormat.Rgb24, frame.Width, frame.Height, frame.Width * 3);
            var timings = new FrameTimings();
            processor.Process(view, ref timings); // warm up and find the face the landmark model will use
            var detRun = new double[runs]; var detTotal = new double[runs];
            var found = new EdgeFace.Core.Faces.FaceDetection[64];
            double cpu0 = ProcessCpuMs();
            for (int i = 0; i < runs && !ct.IsCancellationRequested; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                processor.Detector.Detect(view, found);
                detTotal[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                detRun[i] = processor.Detector.LastTimings.RunMs;
            }
            double detCpu = (ProcessCpuMs() - cpu0) / runs;
            models.Add(Row(processor.Detector.Manifest.Name, t, detRun, detTotal, detCpu));
            double lmCpu = 0;
            int lmPasses = 0;
            if (processor.Landmarker is { } lm)
            {
                // one model run per call here (the model's own latency); the pipeline figures below use the configured passes
                var pfld = lm as EdgeFace.Inference.Landmarks.PfldLandmarker;
                int passes = pfld?.Passes ?? 1;
                if (pfld is not null) pfld.Passes = 1;
                var face = processor.Faces.Length > 0 ? processor.Faces[0] : CentreFace(frame.Width, frame.Height);
                var pts = new System.Drawing.PointF[lm.PointCount];
                var lmRun = new double[runs]; var lmTotal = new double[runs];
                double lmCpu0 = ProcessCpuMs();
                for (int i = 0; i < runs && !ct.IsCancellationRequested; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    lm.Predict(view, face, pts);
                    lmTotal[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    lmRun[i] = lm.LastTimings.RunMs;
                }
                lmCpu = (ProcessCpuMs() - lmCpu0) / runs;
                lmPasses = passes;
                models.Add(Row(lm.Manifest.Name, t, lmRun, lmTotal, lmCpu));
                if (pfld is not null) pfld.Passes = passes;
                result["landmark_passes"] = passes;
            }
            if (t == threads[0])
            {
                double serialCpu0 = ProcessCpuMs();
                var serial = Pipeline(processor, samples, Math.Max(runs, 1000), ct);
                double serialCpu = (ProcessCpuMs() - serialCpu0) / (int)serial["frames"]!;
                result["pipeline"] = serial;
                // What the models alone cost in CPU per frame: one detector call and, per face, the configured landmark
                // passes, each at the CPU the single-model loops above measured (whole calls: tensor writing and output
                // decoding included, so this is the floor the daemon's CPU per frame is compared with).
                double modelCpu = detCpu + (double)serial["faces_per_frame"]! * lmPasses * lmCpu;
                serial["model_calls_cpu_ms_per_frame"] = Math.Round(modelCpu, 3);
                serial["cpu_ms_per_frame"] = Math.Round(serialCpu, 3);
                serial["cpu_over_model_cpu"] = modelCpu > 0 ? Math.Round(serialCpu / modelCpu, 3) : null;
                int pipelinedFrames = Math.Max(runs, 1000);
                double pipeCpu0 = ProcessCpuMs();
                var pp = PipelinedBenchmark.Run(processor, samples.Select(x => (x.Jpeg, x.Width, x.Height)).ToArray(), pipelinedFrames);
                double pipeCpu = (ProcessCpuMs() - pipeCpu0) / pipelinedFrames;
                result["pipeline"]!["pipelined"] = new JsonObject
                {
                    ["cpu_ms_per_frame"] = Math.Round(pipeCpu, 3),
                    ["cpu_over_model_cpu"] = modelCpu > 0 ? Math.Round(pipeCpu / modelCpu, 3) : null,
                    ["ms_per_frame"] = Math.Round(pp.MsPerFrame, 3), ["fps"] = Math.Round(1000 / pp.MsPerFrame, 1),
                    ["ort_run_ms_mean"] = Math.Round(pp.OrtMsPerFrame, 3),
                    ["over_ort"] = Math.Round(pp.OverOrt, 3), ["decoded_ahead"] = pp.DecodedAhead,
                    ["allocated_bytes_per_frame"] = Math.Round(pp.AllocatedBytesPerFrame, 2),
                };
            }
        }
        result["models"] = models;
        var cr = ConvertResizeBenchmark.Run(100);
        result["convert_resize"] = new JsonObject
        {
            ["case"] = cr.Case, ["scalar_us"] = Math.Round(cr.ScalarNsPerCall / 1000, 1), ["vector_us"] = Math.Round(cr.VectorNsPerCall / 1000, 1), ["speedup"] = Math.Round(cr.SpeedUp, 2),
        };
        var warp = ConvertResizeBenchmark.RunWarp(PixelFormat.Rgb24, 100);
        result["landmark_crop"] = new JsonObject
        {
            ["case"] = warp.Case, ["reference_us"] = Math.Round(warp.ScalarNsPerCall / 1000, 1), ["fast_us"] = Math.Round(warp.VectorNsPerCall / 1000, 1), ["speedup"] = Math.Round(warp.SpeedUp, 2),
        };
        heat["end_c"] = thermal.ReadCelsius();
        heat["throttled_end"] = throttling.Read() is { } after ? $"0x{after.Raw:x}" : null;
        result["thermal"] = heat;
        result["memory"] = new JsonObject { ["rss_mb"] = Math.Round(Environment.WorkingSet / 1048576.0, 1), ["gc_heap_mb"] = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1) };

        string markdown = Markdown(result);
        if (args.Has("json")) Console.Out.WriteLine(result.ToJsonString());
        else Console.Out.Write(markdown);
        if (args.Has("report"))
        {
            string dir = args.Get("out") ?? Path.Combine(EdgeFacePaths.CacheDirectory, "bench");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "device-report.md"), markdown);
            File.WriteAllText(Path.Combine(dir, "device-report.json"), result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            Console.Error.WriteLine($"report written to {dir}/device-report.md and .json");
        }
        return 0;
    }

    /// <summary>Decode (JPEG) + detect + landmarks per frame, against the bare ORT run inside it, and bytes allocated.</summary>
    private static JsonObject Pipeline(FrameProcessor processor, IReadOnlyList<SampleImage> samples, int frames, CancellationToken ct)
    {
        var frame = new Frame();
        void Next(int i)
        {
            var sample = samples[i % samples.Count];
            frame.SetManaged(sample.Jpeg, sample.Jpeg.Length, PixelFormat.Jpeg, sample.Width, sample.Height, 0, null);
        }
        var t = new FrameTimings();
        for (int i = 0; i < 50; i++) { Next(i); processor.Process(frame, ref t); }
        long ortTicks = 0, facesSeen = 0, decodeTicks = 0, detectTicks = 0, detectOrtTicks = 0, detectInputTicks = 0, landmarkTicks = 0;
        var total = new double[frames];
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames && !ct.IsCancellationRequested; i++)
        {
            t = default;
            Next(i);
            long t0 = Stopwatch.GetTimestamp();
            facesSeen += processor.Process(frame, ref t);
            long el = Stopwatch.GetTimestamp() - t0;
            total[i] = el * 1000.0 / Stopwatch.Frequency;
            ortTicks += t.OrtRun;
            decodeTicks += t.Decode;
            detectTicks += t.Detect;
            detectOrtTicks += processor.Detector.LastTimings.Run;
            detectInputTicks += processor.Detector.LastTimings.Preprocess;
            landmarkTicks += t.Landmarks;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        double sumTotal = total.Sum(), sumOrt = ortTicks * 1000.0 / Stopwatch.Frequency;
        double MeanMs(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency / frames, 3);
        return new JsonObject
        {
            ["frames"] = frames,
            ["frame"] = samples.Count == 1 ? $"{samples[0].Width}x{samples[0].Height} JPEG" : $"{samples.Count} JPEG images",
            ["faces_per_frame"] = Math.Round(facesSeen / (double)frames, 2),
            ["end_to_end_ms"] = Stats(total),
            ["ort_run_ms_mean"] = Math.Round(sumOrt / frames, 3),
            ["end_to_end_over_ort"] = Math.Round(sumTotal / sumOrt, 3),
            // where the time outside ORT goes: JPEG decode, the detector's tensor writing and output decoding, and the
            // landmark model's crops and point mapping
            ["overhead_ms_mean"] = new JsonObject
            {
                ["jpeg_decode"] = MeanMs(decodeTicks),
                ["detector_input"] = MeanMs(detectInputTicks),
                ["detector_decode"] = MeanMs(detectTicks - detectOrtTicks - detectInputTicks),
                ["landmarks"] = MeanMs(landmarkTicks - (ortTicks - detectOrtTicks)),
            },
            ["allocated_bytes_per_frame"] = Math.Round(allocated / (double)frames, 2),
        };
    }

    /// <summary>1, 2 and 4 model threads, as far as the device has cores (a Pi 4/5 and a Zero 2 W have four).</summary>
    private static readonly int[] CandidateThreads = [1, 2, 4];
    private static string DefaultThreads() => string.Join(',', CandidateThreads.Where(n => n == 1 || n <= Environment.ProcessorCount));

    private static JsonObject Row(string model, int threads, double[] run, double[] total, double cpuMsPerCall) => new()
    {
        ["model"] = model, ["threads"] = threads, ["ort_run_ms"] = Stats(run), ["call_ms"] = Stats(total),
        ["cpu_ms_per_call"] = Math.Round(cpuMsPerCall, 3),
    };

    /// <summary>
    /// CPU time of the whole process (every thread: ORT's pool, the decode stage, the GC) so far. On a board this is
    /// what costs power and heat, and a spinning thread pool shows up here though not in wall time.
    /// </summary>
    private static double ProcessCpuMs()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    private static JsonObject Stats(double[] values)
    {
        var sorted = values.Order().ToArray();
        double P(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))], 3);
        return new JsonObject { ["p50"] = P(0.50), ["p95"] = P(0.95), ["p99"] = P(0.99), ["mean"] = Math.Round(values.Average(), 3) };
    }

    private static string Markdown(JsonObject r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# EdgeFace device report").AppendLine();
        sb.AppendLine($"device: {r["device"]}, {r["cores"]} cores, ONNX Runtime {r["onnxruntime"]}, providers {string.Join(",", r["providers"]!.AsArray())}").AppendLine();
        var cpu = r["cpu"]!;
        var build = r["build"]!;
        var heat = r["thermal"]!;
        sb.AppendLine($"cpu: {cpu["arch"]} {cpu["model"]}, max {cpu["max_mhz"]?.ToString() ?? "?"} MHz, governor {cpu["governor"]?.ToString() ?? "?"}, vector {string.Join(",", cpu["vector_isa"]!.AsArray())}; " +
            $"build: edgeface {build["edgeface"]} {build["form"]} on {build["runtime"]}; " +
            $"temperature {heat["start_c"]?.ToString() ?? "?"} → {heat["end_c"]?.ToString() ?? "?"} °C, throttled {heat["throttled_start"]?.ToString() ?? "n/a"} → {heat["throttled_end"]?.ToString() ?? "n/a"}").AppendLine();
        sb.AppendLine("| model | threads | ORT run p50 / p95 / p99 ms | whole call p50 / p95 / p99 ms | process CPU ms per call |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var m in r["models"]!.AsArray())
        {
            var o = m!["ort_run_ms"]!; var c = m["call_ms"]!;
            sb.AppendLine($"| {m["model"]} | {m["threads"]} | {o["p50"]} / {o["p95"]} / {o["p99"]} | {c["p50"]} / {c["p95"]} / {c["p99"]} | {m["cpu_ms_per_call"]} |");
        }
        var p = r["pipeline"]!;
        sb.AppendLine().AppendLine($"pipeline ({p["frame"]}, {p["frames"]} frames, {p["faces_per_frame"]} faces/frame, {r["landmark_passes"]} landmark pass(es) per face): end-to-end p50 {p["end_to_end_ms"]!["p50"]} ms, " +
            $"bare ORT runs {p["ort_run_ms_mean"]} ms, end-to-end / ORT = {p["end_to_end_over_ort"]}, allocated {p["allocated_bytes_per_frame"]} B/frame; " +
            $"CPU {p["cpu_ms_per_frame"]} ms/frame against {p["model_calls_cpu_ms_per_frame"]} ms of model calls ({p["cpu_over_model_cpu"]}×)");
        var pl = p["pipelined"]!;
        sb.AppendLine($"  pipelined (JPEG decoded and detector tensor written one frame ahead on another core, as the daemon runs): {pl["ms_per_frame"]} ms per frame ({pl["fps"]} fps), " +
            $"bare ORT runs {pl["ort_run_ms_mean"]} ms, per frame / ORT = {pl["over_ort"]}, allocated {pl["allocated_bytes_per_frame"]} B/frame (whole process); " +
            $"CPU {pl["cpu_ms_per_frame"]} ms/frame ({pl["cpu_over_model_cpu"]}× the model calls' CPU)");
        var oh = p["overhead_ms_mean"]!;
        sb.AppendLine($"  outside ORT, mean ms per frame: JPEG decode {oh["jpeg_decode"]}, detector tensor {oh["detector_input"]}, detector decoding + filters {oh["detector_decode"]}, landmark crops + mapping {oh["landmarks"]}");
        var cr = r["convert_resize"]!;
        sb.AppendLine($"convert+resize {cr["case"]}: scalar {cr["scalar_us"]} µs, vectorised {cr["vector_us"]} µs ({cr["speedup"]}×)");
        var lc = r["landmark_crop"]!;
        sb.AppendLine($"landmark crop {lc["case"]}: reference {lc["reference_us"]} µs, direct-read path {lc["fast_us"]} µs ({lc["speedup"]}×)");
        sb.AppendLine($"memory: RSS {r["memory"]!["rss_mb"]} MB, GC heap {r["memory"]!["gc_heap_mb"]} MB");
        return sb.ToString();
    }

    private static EdgeFace.Core.Faces.FaceDetection CentreFace(int w, int h)
    {
        var f = new EdgeFace.Core.Faces.FaceDetection(new System.Drawing.RectangleF(w * 0.35f, h * 0.25f, w * 0.3f, h * 0.4f), 1);
        f.Keypoints[0] = new(w * 0.43f, h * 0.4f); f.Keypoints[1] = new(w * 0.57f, h * 0.4f); f.Keypoints[2] = new(w * 0.5f, h * 0.48f);
        f.Keypoints[3] = new(w * 0.45f, h * 0.56f); f.Keypoints[4] = new(w * 0.55f, h * 0.56f);
        return f;
    }

    private sealed record SampleImage(byte[] Rgb, byte[] Jpeg, int Width, int Height);

    /// <summary>
    /// The frames the pipeline figures run on: the images of <c>folder:PATH</c> (JPEG files as they are, PNG/PPM
    /// encoded to JPEG at quality 90, like an MJPEG camera's frames), or the built-in sample.
    /// </summary>
    private static List<SampleImage> Samples(string? source)
    {
        if (source is null) return [SampleFrame()];
        if (!source.StartsWith("folder:", StringComparison.Ordinal)) throw new CliException($"--source: '{source}' is not folder:PATH (bench replays still images)");
        string dir = source["folder:".Length..];
        if (!Directory.Exists(dir)) throw new CliException($"--source: folder '{dir}' does not exist");
        using var codec = new JpegCodec();
        var list = new List<SampleImage>();
        foreach (var file in DetectCommand.Expand([dir]))
        {
            try
            {
                var img = ImageFile.Load(file);
                var jpeg = Path.GetExtension(file).ToLowerInvariant() is ".jpg" or ".jpeg" ? File.ReadAllBytes(file) : codec.Encode(img.View, 90);
                list.Add(new SampleImage(img.Pixels, jpeg, img.Width, img.Height));
            }
            catch (Exception e) when (e is IOException or ImageFormatException or JpegException)
            {
                Console.Error.WriteLine($"bench: skipping {file}: {e.Message}");
            }
        }
        if (list.Count == 0) throw new CliException($"--source: no readable image in '{dir}'");
        return list;
    }

    /// <summary>A 640×480 frame with one face: the demo portrait centred on grey, as RGB and as JPEG.</summary>
    private static SampleImage SampleFrame()
    {
        const int w = 640, h = 480;
        var rgb = new byte[w * h * 3];
        Array.Fill(rgb, (byte)110);
        string portrait = Path.Combine(EdgeFacePaths.DemoDirectory, "astronaut.png");
        if (File.Exists(portrait))
        {
            var img = ImageFile.Load(portrait);
            int cw = Math.Min(img.Width, w), ch = Math.Min(img.Height, h), ox = (w - cw) / 2, oy = (h - ch) / 2;
            for (int y = 0; y < ch; y++)
                img.Pixels.AsSpan(y * img.Width * 3, cw * 3).CopyTo(rgb.AsSpan(((oy + y) * w + ox) * 3));
        }
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, w * 3), 85);
        return new SampleImage(rgb, jpeg, w, h);
    }
}
