using System.Diagnostics;
using System.Text.Json;
using EdgeFace.Capture.Supervision;
using EdgeFace.Composition;
using EdgeFace.Configuration;
using EdgeFace.Core.Events;
using EdgeFace.Hosting;
using EdgeFace.Pipeline;
using EdgeFace.Remote;
using EdgeFace.Supervision;
using EdgeFace.TestSupport;

namespace EdgeFace.Daemon.Tests.Supervision;

/// <summary>The frame loop with fake capture and models: rate limit, detect-every, pause, rebuild, rollback, command order.</summary>
public sealed class FrameLoopTests
{
    private readonly FakeModelFactory _models = new();
    private readonly FaceEventPool _pool = new();

    private async Task<T> WithLoop<T>(EdgeFaceConfig config, FakeCaptureFactory captures, Func<FrameLoop, Task<T>> body, long maxFrames = 0)
    {
        await using var dispatcher = new EventDispatcher(_pool, []);
        var loop = new FrameLoop(new StageComposer(_models, captures, dispatcher, [], null), config, _pool);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => loop.RunAsync(maxFrames, stop.Token));
        try { return await body(loop); }
        finally
        {
            stop.Cancel();
            await run;
        }
    }

    private static async Task Until(Func<bool> condition) =>
        Assert.True(await Wait.ForAsync(condition, TimeSpan.FromSeconds(20)), "condition not reached in time");

    [Fact]
    public async Task Max_fps_caps_processed_frames_and_counts_the_rest_as_skipped()
    {
        var config = new EdgeFaceConfig { Detection = { MaxFps = 10 } };
        var (processed, skipped, seconds) = await WithLoop(config, new FakeCaptureFactory(intervalMs: 2), async loop =>
        {
            await Until(() => loop.Counters.Processed > 0);
            var clock = Stopwatch.StartNew();
            long p0 = loop.Counters.Processed;
            await Task.Delay(1000);
            return (loop.Counters.Processed - p0, loop.Counters.Skipped, clock.Elapsed.TotalSeconds);
        });
        Assert.InRange(processed, 1, 10 * seconds + 2);
        Assert.True(skipped > processed, $"{skipped} skipped, {processed} processed");
    }

    [Fact]
    public async Task Detect_every_runs_the_detector_on_every_nth_processed_frame()
    {
        var config = new EdgeFaceConfig { Detection = { DetectEvery = 3 } };
        // The loop is read after it stopped: while it runs, a frame can finish between reading one counter and the next.
        var stopped = await WithLoop(config, new FakeCaptureFactory(), async loop =>
        {
            await Until(() => loop.Counters.Processed >= 30);
            return loop;
        });
        long processed = stopped.Counters.Processed, detected = stopped.Counters.Detected;
        Assert.True(processed >= 30);
        Assert.Equal((processed + 2) / 3, detected);
        Assert.Equal(detected, _models.Loaded.Single().Runs);
    }

    [Fact]
    public async Task A_paused_loop_takes_frames_without_running_the_models_and_resumes()
    {
        await WithLoop(new EdgeFaceConfig(), new FakeCaptureFactory(), async loop =>
        {
            loop.RequestPause(true);
            await loop.ApplySettingsAsync(new EdgeFaceConfig());   // ordered after the pause
            await Until(() => _models.Loaded.Count == 1);
            int runs = _models.Loaded[0].Runs;
            long processed = loop.Counters.Processed;
            await Until(() => loop.Counters.Processed > processed + 20);
            Assert.Equal(runs, _models.Loaded[0].Runs);
            loop.RequestPause(false);
            await Until(() => _models.Loaded[0].Runs > runs + 5);
            return 0;
        });
    }

    [Fact]
    public async Task A_rebuild_whose_models_fail_keeps_the_previous_models_running_and_says_why()
    {
        _models.Refuse = "broken.json";
        var captures = new FakeCaptureFactory();
        await WithLoop(new EdgeFaceConfig(), captures, async loop =>
        {
            await Until(() => loop.Counters.Processed > 5);
            var first = loop.Processor;
            var outcome = await loop.RestartAsync(RestartScope.Models, new EdgeFaceConfig { Models = { Detector = "broken.json" } }, TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.False(outcome.Streaming);
            Assert.Contains("refused by the test", outcome.Error);
            Assert.Same(first, loop.Processor);
            Assert.False(_models.Loaded[0].Disposed);
            long processed = loop.Counters.Processed;
            await Until(() => loop.Counters.Processed > processed + 5);   // still running, on the old models
            Assert.Equal(2, captures.Created);
            return 0;
        });
    }

    [Fact]
    public async Task Unusable_frames_are_counted_as_rejected_once_across_a_restart()
    {
        _models.FailEvery = 4;
        await WithLoop(new EdgeFaceConfig(), new FakeCaptureFactory(), async loop =>
        {
            await Until(() => loop.Counters.Failed >= 3);
            var outcome = await loop.RestartAsync(RestartScope.Models | RestartScope.Capture, new EdgeFaceConfig(), TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.True(outcome.Streaming, outcome.Describe());
            await Until(() => _models.Loaded.Count == 2 && _models.Loaded[1].Runs >= 8);
            loop.RequestPause(true);
            await loop.ApplySettingsAsync(new EdgeFaceConfig());   // after this the models no longer run
            var (_, _, rejected) = loop.CaptureTotals();
            // every refused frame counted once, across both stage sets: as many as the detectors refused
            Assert.Equal(_models.Loaded.Sum(d => d.Runs / 4), rejected);
            Assert.Equal(loop.Counters.Failed, rejected);
            return 0;
        });
    }

    [Fact]
    public async Task A_good_rebuild_swaps_the_models_and_disposes_the_old_ones()
    {
        await WithLoop(new EdgeFaceConfig(), new FakeCaptureFactory(), async loop =>
        {
            await Until(() => loop.Counters.Processed > 0);
            var outcome = await loop.RestartAsync(RestartScope.Models | RestartScope.Capture, new EdgeFaceConfig(), TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.True(outcome.Streaming, outcome.Describe());
            Assert.Equal(CameraState.Streaming, outcome.Camera);
            Assert.Equal(2, _models.Loaded.Count);
            Assert.True(_models.Loaded[0].Disposed);
            return 0;
        });
    }

    [Fact]
    public async Task Commands_are_carried_out_in_the_order_they_were_posted()
    {
        await WithLoop(new EdgeFaceConfig(), new FakeCaptureFactory(), async loop =>
        {
            await Until(() => loop.Counters.Processed > 0);
            var rebuild = loop.Post(new RebuildCommand(RestartScope.Models, new EdgeFaceConfig()));
            var settings = Enumerable.Range(1, 20).Select(i => loop.ApplySettingsAsync(new EdgeFaceConfig { Detection = { ScoreThreshold = i / 100.0 } })).ToArray();
            await settings[0];
            Assert.True(rebuild.Completion.IsCompleted, "a later command finished before an earlier one");
            await Task.WhenAll(settings);
            Assert.Equal(0.20, loop.Processor!.Settings.ScoreThreshold);
            // the rebuild loaded new models, and the settings posted after it reached them
            Assert.Same(_models.Loaded[^1].GetType(), typeof(FakeDetector));
            return 0;
        });
    }

    [Fact]
    public async Task Commands_posted_after_the_loop_stopped_are_abandoned_not_left_hanging()
    {
        await using var dispatcher = new EventDispatcher(_pool, []);
        var loop = new FrameLoop(new StageComposer(_models, new FakeCaptureFactory(count: 3), dispatcher, [], null), new EdgeFaceConfig(), _pool);
        Assert.Equal(LoopExit.SourceEnded, await loop.RunAsync(0, CancellationToken.None));
        var late = loop.ApplySettingsAsync(new EdgeFaceConfig());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => late.WaitAsync(TimeSpan.FromSeconds(5)));
        var restart = await loop.RestartAsync(RestartScope.Capture, new EdgeFaceConfig(), TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.False(restart.Streaming);
        Assert.Equal("the daemon is stopping", restart.Error);
    }

    [Fact]
    public async Task A_face_goes_through_the_dispatcher_as_new_then_updates_then_end()
    {
        var sink = new RecordingSink();
        var config = new EdgeFaceConfig { Tracker = { UpdateIntervalMs = 0 } };
        await using (var host = new DaemonHost(config, new RunRequest(0, false, null), _models, new FakeCaptureFactory(count: 25)))
        {
            host.AddSink(sink);
            Assert.Equal(0, await host.RunAsync(CancellationToken.None));   // a replay that played to its end
        }
        var events = sink.Events;
        Assert.True(events.Count >= 3, $"{events.Count} events");
        Assert.Equal(FaceEventType.New, events[0].Type);
        Assert.Equal(FaceEventType.End, events[^1].Type);
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Equal(FaceEventType.Update, e.Type));
        Assert.Single(events.Select(e => e.Id).Distinct());
    }

    [Fact]
    public async Task A_config_change_whose_models_fail_is_rolled_back()
    {
        _models.Refuse = "broken.json";
        await using var host = new DaemonHost(new EdgeFaceConfig(), new RunRequest(0, false, null), _models, new FakeCaptureFactory());
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.RunAsync(stop.Token));
        await Until(() => host.Camera == CameraState.Streaming);
        using var handler = new RemoteRequestHandler(host);
        var answer = await handler.HandleAsync("config/set", JsonSerializer.SerializeToElement(new { models = new { detector = "broken.json" }, detection = new { score_threshold = 0.7 } }), CancellationToken.None);
        Assert.False(answer.Ok);
        Assert.Contains("rolled back", answer.Error);
        Assert.Equal("kpnet-int8.json", host.Config.Models.Detector);
        Assert.Equal(0, host.Config.Detection.ScoreThreshold);
        await Until(() => host.Camera == CameraState.Streaming);
        stop.Cancel();
        Assert.Equal(0, await run);
    }

    [Fact]
    public async Task A_source_that_fails_before_its_first_frame_makes_run_exit_non_zero()
    {
        await using var dispatcher = new EventDispatcher(_pool, []);
        var loop = new FrameLoop(new StageComposer(_models, new FakeCaptureFactory(count: -1), dispatcher, [], null), new EdgeFaceConfig(), _pool);
        Assert.Equal(LoopExit.SourceFailed, await loop.RunAsync(0, CancellationToken.None));
    }
}
