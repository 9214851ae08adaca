using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Capture.Supervision;
using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Device.Stats;
using EdgeFace.Gpio;
using EdgeFace.Integrations;
using EdgeFace.Messaging;
using EdgeFace.Messaging.HomeAssistant;
using EdgeFace.Messaging.Options;
using EdgeFace.Pipeline;
using EdgeFace.Remote;
using EdgeFace.Supervision;

namespace EdgeFace.Hosting;

// Integrations that attach to the daemon: event outputs, GPIO, MQTT publishing and remote configuration.
public sealed partial class DaemonHost
{
    /// <summary>How long a restart waits for the rebuild, and then for the camera to decide.</summary>
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(20);
    private MqttService? _mqtt;
    private RemoteRequestHandler? _requests;
    private GpioService? _gpio;
    private JsonObject _effective = new();
    private long _lastStatsPublish;

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
            _mqtt = new MqttService(_config.Mqtt, DeviceId, _requests = new RemoteRequestHandler(this), VersionInfo.EdgeFace, events: _eventPool, device: HomeAssistantDevice());
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
        service.DetectionEnabledChanged += _ => { if (ReferenceEquals(_gpio, service)) _loop?.RequestPause(!DetectionAllowed); };
        return service;
    }

    private partial ILandmarkSink? LandmarkSink() => _mqtt is null ? null : new MqttLandmarkSink(_mqtt);

    /// <summary>Whether detection may run now: switched on in the configuration, and no GPIO input line holds it off.</summary>
    private bool DetectionAllowed => _config.Detection.Enabled && (_gpio?.DetectionEnabled ?? true);

    private partial IReadOnlyList<IFrameObserver> Observers()
    {
        var list = new List<IFrameObserver>();
        // always present: a GPIO section added later by remote configuration starts driving lines at once
        list.Add(new GpioObserver(() => _gpio));
        if (_mqtt is not null) list.Add(new PresenceObserver(_mqtt));
        return list;
    }

    private void DisposeIntegrations()
    {
        _gpio?.Dispose();
        _gpio = null;
    }

    private partial void OnTick(StatsSnapshot snapshot)
    {
        if (_mqtt is null) return;
        double inference = snapshot.Stages.TryGetValue("ort_run", out var ort) ? ort.MeanMs : 0;
        long now = Environment.TickCount64;
        if (now - _lastStatsPublish < _config.Mqtt.StatsIntervalS * 1000L) return;
        _lastStatsPublish = now;
        _mqtt.UpdateDiagnostics(new DeviceSample(snapshot.Fps.Detection, inference, snapshot.Thermal.TemperatureC,
            snapshot.Process.CpuPercent, snapshot.Process.RssMb, snapshot.Load.Throttled, Camera == CameraState.Streaming));
        var stats = JsonSerializer.SerializeToNode(snapshot, EdgeFace.Device.DeviceJsonContext.Default.StatsSnapshot)!.AsObject();
        var processor = _loop?.Processor;
        stats["camera"] = new JsonObject
        {
            ["state"] = Camera.ToString().ToLowerInvariant(),
            ["outages"] = _loop?.CameraOutages ?? 0,
            ["dropped"] = _loop?.CaptureTotals().Dropped ?? 0,
        };
        stats["versions"] = new JsonObject
        {
            ["edgeface"] = VersionInfo.EdgeFace,
            ["onnxruntime"] = EdgeFace.Onnx.OnnxRuntimeLibrary.Version,
            ["detector"] = processor?.Detector.Manifest.ToString(),
            ["landmarks"] = processor?.Landmarker?.Manifest.ToString(),
        };
        stats["execution_provider"] = new JsonObject
        {
            ["detector"] = processor?.Detector.ActiveProvider,
            ["landmarks"] = processor?.Landmarker?.ActiveProvider,
        };
        stats["first_frame_ms"] = FirstFrameMs;
        stats["mqtt"] = MqttMetrics.ToJson(_mqtt.Status);
        _mqtt.PublishStats(JsonSerializer.SerializeToUtf8Bytes(stats));
    }

    /// <summary>The machine facts Home Assistant's device card shows, and whether a temperature entity makes sense.</summary>
    private HomeAssistantDevice HomeAssistantDevice()
    {
        string url = _config.Mqtt.HomeAssistant.ConfigurationUrl;
        return new HomeAssistantDevice(_reporter.Board?.Model, new EdgeFace.Device.Board.BoardDetector().ReadSerial(),
            url.Length > 0 ? url : null, _reporter.HasTemperatureSensor);
    }

    private void PublishConfig() =>
        _mqtt?.PublishConfig(SecretRedactor.Redact(_effective.DeepClone())!.ToJsonString(), ConfigSchema.ToJson());

    /// <summary>For the health request and the status line.</summary>
    public JsonObject Health() => new()
    {
        ["status"] = Camera == CameraState.Streaming ? "ok" : "degraded",
        ["camera"] = Camera.ToString().ToLowerInvariant(),
        ["frames"] = _loop?.Counters.Processed ?? 0,
        ["faces"] = _loop?.Counters.CurrentFaces ?? 0,
        ["uptime_s"] = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds, 1),
        ["mqtt_connected"] = _mqtt?.Status.Connected ?? false,
        ["gpio"] = _gpio?.Backend ?? "off",
    };

    /// <summary>
    /// Restarts capture and models with the current configuration (the remote <c>restart</c> request). Callers
    /// serialise reconfiguration (<see cref="RemoteRequestHandler"/>); the loop carries it out between frames.
    /// </summary>
    public Task<RestartOutcome> RestartStagesAsync(RestartScope scope, CancellationToken ct) =>
        _loop is { } loop ? loop.RestartAsync(scope, _config, RestartTimeout, ct)
            : Task.FromResult(new RestartOutcome(false, CameraState.Starting, "the daemon is not running yet"));

    /// <summary>
    /// Applies a validated configuration: live settings at once, rebuilt stages when <paramref name="scope"/> says so.
    /// Returns null on success, or why it failed after restoring the previous configuration. Callers serialise these
    /// transactions (<see cref="RemoteRequestHandler"/>), so a rollback cannot interleave with another change.
    /// </summary>
    public async Task<string?> ApplyAsync(EdgeFaceConfig next, JsonObject effective, RestartScope scope, CancellationToken ct)
    {
        if (_loop is not { } loop) return "the daemon is not running yet";
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
        await loop.ApplySettingsAsync(next).WaitAsync(ct).ConfigureAwait(false);
        loop.RequestPause(!DetectionAllowed);   // detection.enabled is live
        if (scope.HasFlag(RestartScope.Gpio))
        {
            var old = _gpio;
            _gpio = null;
            old?.Dispose();
            _gpio = StartGpio(next);
            loop.RequestPause(!DetectionAllowed);
        }
        if ((scope & (RestartScope.Capture | RestartScope.Models)) != 0
            && await loop.RestartAsync(scope, next, RestartTimeout, ct).ConfigureAwait(false) is { Streaming: false } failed)
        {
            string why = failed.Describe();
            Log.Warn("remote", $"new configuration failed to start ({why}); restoring the previous one");
            _config = previous;
            _effective = previousEffective;
            (mqtt.IncludeLandmarks, mqtt.LandmarksStream, mqtt.StatsIntervalS) = previousMqtt;
            await loop.ApplySettingsAsync(previous).WaitAsync(ct).ConfigureAwait(false);
            loop.RequestPause(!DetectionAllowed);
            await loop.RestartAsync(scope, previous, RestartTimeout, ct).ConfigureAwait(false);
            return why;
        }
        PublishConfig();
        return null;
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
