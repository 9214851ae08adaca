using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Hosting;

namespace EdgeFace.Cli.Commands;

/// <summary><c>edgeface run</c>: the daemon.</summary>
public static class RunCommand
{
    public static readonly OptionSpec MaxFrames = new("max-frames", "Stop after N processed frames.", "N");

    public static CommandSpec Spec => new("run",
        "Run the daemon: capture → detect → landmarks → track → events (stdout JSON lines, MQTT, GPIO). With no configuration it replays the built-in demo frames.",
        "[--config FILE] [--source URI] [--mqtt URL] [--device-id ID] [--profile NAME] [--max-frames N] [--json]",
        [ConfigResolver.ConfigOption, ConfigResolver.SourceOption, ConfigResolver.MqttOption, ConfigResolver.DeviceIdOption,
         ConfigResolver.ProfileOption, MaxFrames, new("json", "Print events as JSON lines on stdout even when publishing to MQTT.")],
        RunAsync);

    private static async Task<int> RunAsync(ParsedArgs args, CancellationToken stop)
    {
        var loaded = ConfigResolver.Resolve(args);
        var config = loaded.Config!;
        Log.MinimumLevel = LogLevels.Parse(config.LogLevel);
        Log.Info("daemon", $"edgeface {VersionInfo.EdgeFace} starting (config: {string.Join(" → ", loaded.Layers)})");
        var request = new RunRequest(args.GetInt("max-frames", 0) ?? 0, args.Has("json"), args.Get("config"));
        try
        {
            await using var host = new DaemonHost(config, request);
            host.AttachOutputs(loaded);
            return await host.RunAsync(stop);
        }
        catch (Exception e) when (e is EdgeFace.Inference.ModelLoadException or InvalidOperationException or EdgeFace.Capture.CaptureException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            Log.Error("daemon", e.Message);
            return 1;
        }
    }
}
