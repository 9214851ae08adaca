using EdgeFace.Capture;
using EdgeFace.Capture.Benchmarks;
using EdgeFace.Capture.Supervision;
using EdgeFace.Capture.V4l2;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;

// Commands the VM cases run (see tests/vm/README.md). Exit 0 = the command did what it says, 1 = it failed.
return args.Length == 0 ? Usage() : args[0] switch
{
    "cameras" => Cameras(),
    "grab" when args.Length >= 3 && args.Length % 2 == 1 => GrabAll(args),
    "expect-error" when args.Length == 3 => ExpectError(args[1], args[2]),
    "supervise" when args.Length == 4 => Supervise(args[1], args[2], args[3]),
    "bench" when args.Length >= 2 => Bench(args[1], args.Length > 2 ? int.Parse(args[2]) : 300),
    "bench-mjpeg" => BenchMjpeg(args.Length > 1 ? int.Parse(args[1]) : 300),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: probe cameras | grab URI OUTPREFIX [URI OUTPREFIX]... | expect-error URI TEXT | supervise URI STATUSFILE STOPFILE | bench URI [FRAMES] | bench-mjpeg [FRAMES]");
    return 2;
}

// Lists capture devices the way `edgeface cameras` would, plus one machine-readable line per format.
static int Cameras()
{
    var devices = V4l2DeviceInfo.Enumerate();
    foreach (var d in devices)
    {
        Console.WriteLine(d);
        foreach (var f in d.Formats) Console.WriteLine($"FORMAT {d.Path} {FourCc.ToString(f.FourCc)} {f.Sizes.Count}");
    }
    Console.WriteLine($"DEVICES {devices.Count}");
    return 0;
}

// Several captures in one process: starting .NET under TCG costs seconds, so cases batch their grabs.
static int GrabAll(string[] args)
{
    int failures = 0;
    for (int i = 1; i + 1 < args.Length; i += 2)
    {
        try { failures += Grab(args[i], args[i + 1], 5); }
        catch (CaptureException ex) { Console.WriteLine($"FAILED {args[i]}: {ex.Message}"); failures++; }
    }
    return failures == 0 ? 0 : 1;
}

// Captures frames, keeps the last: OUTPREFIX.raw (bytes as the driver lent them), OUTPREFIX.rgb (the pipeline's
// conversion: TensorWriter at the same size, planar R, G, B bytes), and prints the frame's layout.
static int Grab(string uri, string prefix, int count)
{
    using var source = FrameSourceFactory.Create(uri);
    source.Open();
    Console.WriteLine($"SOURCE {source.Description}");
    Frame? last = null;
    for (int i = 0; i < count; i++)
    {
        last?.Release();
        if (!source.TryRead(TimeSpan.FromSeconds(10), out last)) { Console.WriteLine("no frame within 10 s"); return 1; }
    }
    var f = last!;
    File.WriteAllBytes(prefix + ".raw", f.Data.ToArray());
    if (f.Format != PixelFormat.Jpeg)
    {
        var rgb = new byte[3 * f.Width * f.Height];
        TensorWriter.Resize(f.View, rgb, TensorSpec.Raw(f.Width, f.Height), letterbox: false);
        File.WriteAllBytes(prefix + ".rgb", rgb);
    }
    Console.WriteLine($"FRAME {prefix} {f.Format} {f.Width} {f.Height} {f.Stride} {f.Length} {f.Sequence}");
    f.Release();
    return 0;
}

static int ExpectError(string uri, string text)
{
    try
    {
        using var source = FrameSourceFactory.Create(uri);
        source.Open();
        Console.WriteLine($"opened without error: {source.Description}");
        return 1;
    }
    catch (CaptureException ex)
    {
        Console.WriteLine($"ERROR {ex.Kind}: {ex.Message}");
        return ex.Message.Contains(text, StringComparison.Ordinal) ? 0 : 1;
    }
}

// Runs the supervisor with a consumer until STOPFILE exists; rewrites STATUSFILE every 100 ms.
static int Supervise(string uri, string statusFile, string stopFile)
{
    Log.MinimumLevel = LogLevel.Info;
    using var supervisor = CaptureSupervisor.ForUri(uri, new CaptureSupervisorOptions
    {
        InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(1), StallTimeout = TimeSpan.FromSeconds(3),
    });
    supervisor.StateChanged += s => Console.WriteLine($"STATE {s} {supervisor.LastError}");
    supervisor.Start();
    var consumer = new Thread(() =>
    {
        var reader = supervisor.Frames;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            while (reader.TryRead(out var frame)) { Thread.Sleep(5); frame.Release(); }
    }) { IsBackground = true };
    consumer.Start();
    while (!File.Exists(stopFile))
    {
        var c = supervisor.Counters;
        File.WriteAllText(statusFile + ".tmp", $"state={supervisor.State} frames={c.Frames} outages={c.Outages} reconnects={c.Reconnects} dropped={c.Dropped} openfailures={c.OpenFailures}\n");
        File.Move(statusFile + ".tmp", statusFile, overwrite: true);
        Thread.Sleep(100);
    }
    var end = supervisor.Counters;
    Console.WriteLine($"FINAL state={supervisor.State} frames={end.Frames} outages={end.Outages} reconnects={end.Reconnects} dropped={end.Dropped}");
    return 0;
}

// Host-side: 1280x720 MJPEG frames lent and decoded (full size, and half size as a detector would take them).
static int BenchMjpeg(int frames)
{
    Console.WriteLine(MjpegDecodeBenchmark.Run(1280, 720, frames));
    Console.WriteLine(MjpegDecodeBenchmark.Run(1280, 720, frames, EdgeFace.Imaging.Jpeg.JpegScale.Half));
    return 0;
}

static int Bench(string uri, int frames)
{
    Console.WriteLine(CaptureBenchmark.Direct(uri, frames));
    Console.WriteLine(CaptureBenchmark.Supervised(uri, frames));
    return 0;
}
