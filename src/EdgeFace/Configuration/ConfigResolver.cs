using System.Text.Json.Nodes;
using EdgeFace.Cli;
using EdgeFace.Core.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Hosting;
using EdgeFace.Device.Board;

namespace EdgeFace.Configuration;

/// <summary>
/// Turns a command line into the effective configuration: defaults, the device profile, the --config file, then
/// flags (--source, --mqtt, --device-id), each layer overriding the one before.
/// </summary>
public static class ConfigResolver
{
    public static readonly OptionSpec ConfigOption = new("config", "Configuration file (JSON).", "FILE");
    public static readonly OptionSpec SourceOption = new("source", "Frame source URI: demo, folder:PATH, file:PATH, v4l2:/dev/video0, rpicam:, rtsp://…", "URI");
    public static readonly OptionSpec MqttOption = new("mqtt", "Publish to this broker: mqtt[s]://[user:pass@]host[:port].", "URL");
    public static readonly OptionSpec DeviceIdOption = new("device-id", "Device identifier (MQTT topics).", "ID");
    public static readonly OptionSpec ProfileOption = new("profile", "Device profile name from device-configs/ (default: detect the board).", "NAME");

    public static string ProfilesDirectory =>
        DeviceProfiles.Directory ?? Path.Combine(EdgeFacePaths.Root ?? AppContext.BaseDirectory, "device-configs");

    /// <summary>Builds the effective configuration or throws a <see cref="ConfigException"/> listing every issue.</summary>
    public static LoadedConfig Resolve(ParsedArgs args)
    {
        var issues = new ConfigIssues();
        var layers = new List<(string, JsonObject)>();
        JsonObject? file = null;
        if (args.Get("config") is { } path)
        {
            file = ConfigLoader.ReadFile(path, issues);
            if (file is null) throw new ConfigException(issues);
        }
        string profile = args.Get("profile") ?? (string?)file?["profile"] ?? "auto";
        if (LoadProfile(profile, issues) is { } profileLayer)
        {
            // A profile's camera is a suggestion for installed devices: without a configuration file the daemon keeps
            // the built-in demo source, so `edgeface run` works on any board before a camera is set up.
            if (file is null) profileLayer.Remove("source");
            layers.Add(($"profile {profile}", profileLayer));
        }
        if (file is not null) layers.Add((args.Get("config")!, file));
        layers.Add(("command line", FlagLayer(args)));
        var loaded = ConfigLoader.Build(layers, issues);
        if (!loaded.IsValid) throw new ConfigException(loaded.Issues);
        return loaded;
    }

    public static JsonObject FlagLayer(ParsedArgs args)
    {
        var layer = new JsonObject();
        if (args.Get("source") is { } source) layer["source"] = source;
        if (args.Get("device-id") is { } id) layer["device_id"] = id;
        if (args.Get("profile") is { } profile) layer["profile"] = profile;
        if (args.Get("mqtt") is { } url) layer["mqtt"] = new JsonObject { ["enabled"] = true, ["url"] = url };
        return layer;
    }

    /// <summary>Loads device-configs/NAME.json; "auto" detects the board, "none" uses no profile.</summary>
    public static JsonObject? LoadProfile(string name, ConfigIssues issues)
    {
        if (name == "none") return null;
        if (name == "auto")
        {
            name = BoardProfiles.Detect();
            if (name == "none") return null;
        }
        string path = Path.Combine(ProfilesDirectory, name + ".json");
        if (name.Contains('/') || !File.Exists(path))
        {
            issues.Add("profile", $"no device profile '{name}' (available: {string.Join(", ", AvailableProfiles())})");
            return null;
        }
        var layer = ConfigLoader.ReadFile(path, issues);
        if (layer is not null) Log.Debug("config", $"device profile {name} from {path}");
        return layer;
    }

    public static IEnumerable<string> AvailableProfiles() =>
        Directory.Exists(ProfilesDirectory)
            ? Directory.EnumerateFiles(ProfilesDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!
            : [];
}

/// <summary>An invalid configuration: the message lists every issue, one per line.</summary>
public sealed class ConfigException(ConfigIssues issues)
    : Exception("invalid configuration:" + string.Concat(issues.Items.Select(i => Environment.NewLine + "  " + i)))
{
    public ConfigIssues Issues { get; } = issues;
}
