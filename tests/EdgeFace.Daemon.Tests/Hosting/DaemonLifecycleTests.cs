using System.Diagnostics;
using System.Text.Json;
using EdgeFace.Configuration;
using EdgeFace.Hosting;
using EdgeFace.Remote;
using EdgeFace.TestSupport;

namespace EdgeFace.Daemon.Tests.Hosting;

/// <summary>
/// The daemon end to end in-process, with the real models and the real capture of the demo frames: how it exits when
/// its source is missing, what repeated restarts cost, and how concurrent remote requests are answered.
/// </summary>
public sealed class DaemonLifecycleTests
{
    private static DaemonHost Host(string source = "demo") =>
        new(new EdgeFaceConfig { Source = source }, new RunRequest(0, JsonToStdout: false, ConfigPath: null));

    [RequiresOnnxRuntimeFact]
    public async Task A_folder_that_is_missing_at_start_makes_run_fail_instead_of_exiting_cleanly()
    {
        await using var host = Host("folder:/nonexistent-edgeface-folder");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int code = await host.RunAsync(timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the daemon should have given up on a source that never worked");
        Assert.NotEqual(0, code);
    }

    [RequiresOnnxRuntimeFact]
    public async Task A_folder_replayed_to_its_end_is_a_clean_exit()
    {
        var dir = Directory.CreateTempSubdirectory("edgeface-replay").FullName;
        try
        {
            File.Copy(Path.Combine(EdgeFace.Core.Hosting.EdgeFacePaths.DemoDirectory, "astronaut.png"), Path.Combine(dir, "a.png"));
            await using var host = Host($"folder:{dir}?fps=50&loop=false");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal(0, await host.RunAsync(timeout.Token));
            Assert.False(timeout.IsCancellationRequested);
        }
        finally { Directory.Delete(dir, true); }
    }

    [RequiresOnnxRuntimeFact]
    public async Task Concurrent_restarts_and_config_changes_each_get_one_consistent_answer()
    {
        await using var host = Host();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.RunAsync(stop.Token));
        await WaitForStreaming(host);
        using var handler = new RemoteRequestHandler(host);
        var requests = Enumerable.Range(0, 12).Select(i => i % 3 == 2
            ? handler.HandleAsync("config/set", JsonSerializer.SerializeToElement(new { detection = new { score_threshold = 0.3 + i / 100.0 } }), CancellationToken.None)
            : handler.HandleAsync("restart", null, CancellationToken.None)).ToArray();
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(requests);
        foreach (var a in answers) Assert.True(a.Ok, $"answer: {a.Error}");
        // twelve serialised restarts of a local folder take a few seconds, not a 20 s timeout per lost completion
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        stop.Cancel();
        await run;
    }

    [RequiresOnnxRuntimeFact]
    public async Task Restarting_the_stages_many_times_does_not_grow_memory()
    {
        await using var host = Host();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.RunAsync(stop.Token));
        await WaitForStreaming(host);
        using var handler = new RemoteRequestHandler(host);
        for (int i = 0; i < 3; i++) Assert.True((await handler.HandleAsync("restart", null, CancellationToken.None)).Ok);
        long before = ResidentBytes();
        const int restarts = 40;
        for (int i = 0; i < restarts; i++)
        {
            var answer = await handler.HandleAsync("restart", null, CancellationToken.None);
            Assert.True(answer.Ok, answer.Error);
        }
        long grown = ResidentBytes() - before;
        // Measured here: ~70 MB over the first 40 model reloads when freed native memory stays with the C heap,
        // under 10 MB when it is handed back. 25 MB leaves room for the allocator's noise, not for a leak.
        Assert.True(grown < 25_000_000, $"resident memory grew {grown / 1e6:0.0} MB over {restarts} restarts");
        stop.Cancel();
        await run;
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static async Task WaitForStreaming(DaemonHost host)
    {
        Assert.True(await Wait.ForAsync(() => host.Health()["camera"]!.GetValue<string>() == "streaming", TimeSpan.FromSeconds(30)),
            "the demo source did not start streaming");
    }
}
