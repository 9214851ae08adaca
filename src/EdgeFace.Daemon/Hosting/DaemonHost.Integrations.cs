using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Hosting;
using EdgeFace.Device.Stats;
using EdgeFace.Gpio;
using EdgeFace.Integrations;
using EdgeFace.Messaging;
using EdgeFace.Messaging.Options;
using EdgeFace.Pipeline;
using EdgeFace.Remote;

namespace EdgeFace.Hosting;

// Integrations that attach to the daemon: event outputs, GPIO, MQTT publishing and remote configuration.
public sealed partial class DaemonHost
{
    private MqttService? _mqtt;
    private GpioService? _gpio;
    private JsonObject _effective = new();
    private long _lastStatsPublish;
    private string? _lastRestartFailure;

    /// <summary>The effective configuration document (what config/get shows, before redaction).</summary>
    public JsonObject Effective => _effective;
    public MqttService? Mqtt => _mqtt;

    /// <summary>Chooses event outputs (stdout JSON lines unless MQTT is on, or both with --json), starts GPIO and MQTT.</summary>
    public void AttachOutputs(LoadedConfig loaded)
    {
        _effective = loaded.Effective;
        if (!_config.Mqtt.Enabled || _request.JsonToStdout)
            AddSink(new StdoutEventSink(includeLandmarks: true));
        _gpio = StartGpio(_config);
        if (_config.Mqtt.Enabled)
        {
            if (string.IsNullOrEmpty(_config.Mqtt.Outbox.Path))
                _config.Mqtt.Outbox.Path = Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } state
                    ? Path.Combine(state.Split(':')[0], "outbox") : Path.Combine(EdgeFacePaths.CacheDirectory, "outbox", DeviceId);
            _mqtt = new MqttService(_config.Mqtt, DeviceId, new RemoteRequestHandler(this), VersionInfo.EdgeFace);
            AddSink(new MqttEventSink(_mqtt));
            // StartAsync opens the outbox before its first await; a failure there (unwritable state directory, ...)
            // must be reported, not left in an unobserved task while every event is silently dropped.
            _ = _mqtt.StartAsync(CancellationToken.None).ContinueWith(
                t => Log.Error("mqtt", $"MQTT publishing could not start: {t.Exception!.GetBaseException().Message}; events are not published"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            PublishConfig();
            Log.Info("mqtt", $"publishing to {MqttUrl.Redact(_config.Mqtt.Url)} under {_config.Mqtt.EffectivePrefix(DeviceId)}");
        }
    }

    private GpioService? StartGpio(EdgeFaceConfig config)
    {
        if (config.Gpio.Outputs.Count == 0 && config.Gpio.Input is null) return null;
        var service = GpioService.Start(config.Gpio);
        // the input line pauses and resumes detection the moment it changes, not on the next status tick
        service.DetectionEnabledChanged += enabled => { if (_pipeline is { } p && ReferenceEquals(_gpio, service)) p.Paused = !enabled; };
        return service;
    }

    /// <summary>The per-frame landmark stream's sink when the configuration turns it on (and MQTT runs).</summary>
    private ILandmarkSink? LandmarkSinkFor(EdgeFaceConfig c) =>
        _mqtt is not null && c.Mqtt.LandmarksStream.Enabled ? new MqttLandmarkSink(_mqtt) : null;

    /// <summary>Whether detection may run now (false while a GPIO input line holds it off).</summary>
    private bool DetectionAllowed => _gpio?.DetectionEnabled ?? true;

    private partial IReadOnlyList<IFrameObserver> Observers()
    {
        var list = new List<IFrameObserver>();
        // always present: a GPIO section added later by remote configuration starts driving lines at once
        list.Add(new GpioObserver(() => _gpio));
        if (_mqtt is not null) list.Add(new PresenceObserver(_mqtt));
        return list;
    }

    private partial void OnTick(StatsSnapshot snapshot)
    {
        if (_pipeline is { } p) p.Paused = !DetectionAllowed;   // backstop; changes arrive through the event
        if (_mqtt is null) return;
        double inference = snapshot.Stages.TryGetValue("ort_run", out var ort) ? ort.MeanMs : 0;
        long now = Environment.TickCount64;
        if (now - _lastStatsPublish < _config.Mqtt.StatsIntervalS * 1000L) return;
        _lastStatsPublish = now;
        _mqtt.UpdateDiagnostics(snapshot.Fps.Detection, inference, snapshot.Thermal.TemperatureC);
        var stats = JsonSerializer.SerializeToNode(snapshot, EdgeFace.Device.DeviceJsonContext.Default.StatsSnapshot)!.AsObject();
        stats["camera"] = new JsonObject
        {
            ["state"] = CameraState.ToString().ToLowerInvariant(),
            ["outages"] = _capture?.Counters.Outages ?? 0,
            ["dropped"] = _capture?.Counters.Dropped ?? 0,
        };
        stats["versions"] = new JsonObject
        {
            ["edgeface"] = VersionInfo.EdgeFace,
            ["onnxruntime"] = EdgeFace.Onnx.OrtEnvironment.Instance.Version,
            ["detector"] = _processor?.Detector.Manifest.ToString(),
            ["landmarks"] = _processor?.Landmarker?.Manifest.ToString(),
        };
        stats["execution_provider"] = new JsonObject
        {
            ["detector"] = _processor?.Detector.ActiveProvider,
            ["landmarks"] = _processor?.Landmarker?.ActiveProvider,
        };
        stats["first_frame_ms"] = FirstFrameMs;
        stats["mqtt"] = MqttMetrics.ToJson(_mqtt.Status);
        _mqtt.PublishStats(JsonSerializer.SerializeToUtf8Bytes(stats));
    }

    private void PublishConfig() =>
        _mqtt?.PublishConfig(SecretRedactor.Redact(_effective.DeepClone())!.ToJsonString(), ConfigSchema.ToJson());

    /// <summary>For the health request and the status line.</summary>
    public JsonObject Health() => new()
    {
        ["status"] = CameraState == EdgeFace.Capture.Supervision.CameraState.Streaming ? "ok" : "degraded",
        ["camera"] = CameraState.ToString().ToLowerInvariant(),
        ["frames"] = _pipeline?.Counters.Processed ?? 0,
        ["faces"] = _pipeline?.Counters.CurrentFaces ?? 0,
        ["uptime_s"] = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds, 1),
        ["mqtt_connected"] = _mqtt?.Status.Connected ?? false,
        ["gpio"] = _gpio?.Backend ?? "off",
    };

    /// <summary>Rebuilds stages on the frame loop and waits until the camera streams again (or the timeout passes).</summary>
    public async Task<bool> RestartStagesAsync(RestartScope scope, CancellationToken ct, TimeSpan? timeout = null)
    {
        _restartDone = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Or(ref _restartPending, (int)scope);
        try { _stageStop?.Cancel(); }
        catch (ObjectDisposedException) { /* the loop is between stages and will see the pending restart */ }
        var done = await Task.WhenAny(_restartDone.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(20), ct)).ConfigureAwait(false);
        if (done != _restartDone.Task) { _lastRestartFailure = "stages did not restart in time"; return false; }
        if (await _restartDone.Task is { } failure) { _lastRestartFailure = failure; return false; }
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline && CameraState != EdgeFace.Capture.Supervision.CameraState.Streaming)
            await Task.Delay(100, ct).ConfigureAwait(false);
        return CameraState == EdgeFace.Capture.Supervision.CameraState.Streaming;
    }

    /// <summary>
    /// Applies a validated configuration: live settings at once, rebuilt stages when <paramref name="scope"/> says so.
    /// Returns null on success, or why it failed after restoring the previous configuration.
    /// </summary>
    public async Task<string?> ApplyAsync(EdgeFaceConfig next, JsonObject effective, RestartScope scope, CancellationToken ct)
    {
        var previous = _config;
        var previousEffective = _effective;
        // Broker settings are per process (local-only anyway). The options the service reads per message change
        // in place, in the object it holds.
        var mqtt = _config.Mqtt;
        var previousMqtt = (mqtt.IncludeLandmarks, mqtt.LandmarksStream, mqtt.StatsIntervalS);
        mqtt.IncludeLandmarks = next.Mqtt.IncludeLandmarks;
        mqtt.LandmarksStream = next.Mqtt.LandmarksStream;
        mqtt.StatsIntervalS = next.Mqtt.StatsIntervalS;
        next.Mqtt = mqtt;
        _config = next;
        _effective = effective;
        ApplyLive(next);
        if (scope.HasFlag(RestartScope.Gpio))
        {
            var old = _gpio;
            _gpio = null;
            old?.Dispose();
            _gpio = StartGpio(next);
            if (_pipeline is { } p) p.Paused = !DetectionAllowed;
        }
        if ((scope & (RestartScope.Capture | RestartScope.Models)) != 0 && !await RestartStagesAsync(scope, ct).ConfigureAwait(false))
        {
            string why = _lastRestartFailure ?? _capture?.LastError ?? "the pipeline did not start streaming in time";
            _lastRestartFailure = null;
            Log.Warn("remote", $"new configuration failed to start ({why}); restoring the previous one");
            _config = previous;
            _effective = previousEffective;
            (mqtt.IncludeLandmarks, mqtt.LandmarksStream, mqtt.StatsIntervalS) = previousMqtt;
            ApplyLive(previous);
            await RestartStagesAsync(scope, ct).ConfigureAwait(false);
            return why;
        }
        PublishConfig();
        return null;
    }

    private void ApplyLive(EdgeFaceConfig c)
    {
        Log.MinimumLevel = Configuration.LogLevels.Parse(c.LogLevel);
        if (_pipeline is not null) _pipeline.LandmarkSink = LandmarkSinkFor(c);
        if (_processor is not null) _processor.Settings = c.Detection;
        _tracker.IouThreshold = c.Tracker.IouThreshold;
        _tracker.EndAfterMs = c.Tracker.EndAfterMs;
        _tracker.UpdateIntervalMs = c.Tracker.UpdateIntervalMs;
        _tracker.Camera = c.CameraName;
        if (_pipeline is not null) { _pipeline.MaxFps = c.Detection.MaxFps; _pipeline.DetectEvery = c.Detection.DetectEvery; }
    }

    /// <summary>Merges a remote change into the configuration file atomically; false when the daemon runs without one.</summary>
    public bool PersistPatch(JsonObject patch)
    {
        if (_request.ConfigPath is not { } path) return false;
        try
        {
            var issues = new EdgeFace.Core.Configuration.ConfigIssues();
            // A file that cannot be read or parsed any more is the operator's to fix: rewriting it from the patch
            // alone would drop every local-only setting in it.
            if (ConfigLoader.ReadFile(path, issues) is not { } file)
            {
                Log.Warn("remote", $"configuration applied but not saved: {string.Join("; ", issues.Items)}");
                return false;
            }
            JsonMerge.Apply(file, patch);
            AtomicFile.Write(path, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn("remote", $"configuration applied but not saved to {path}: {e.Message}");
            return false;
        }
    }
}
