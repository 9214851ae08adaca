using EdgeFace.Core.Hosting;

namespace EdgeFace.Device.Board;

/// <summary>
/// Finds the device profile files (<c>device-configs/&lt;profile&gt;.json</c>): beside the install root or the
/// source checkout (<see cref="EdgeFacePaths.Root"/>), or beside the app. A profile is a partial configuration that
/// the configuration loader lays under the user's own file.
/// </summary>
public static class DeviceProfiles
{
    /// <summary>The device-configs folder, or null when none is found (EDGEFACE_DEVICE_CONFIGS overrides).</summary>
    public static string? Directory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("EDGEFACE_DEVICE_CONFIGS") is { Length: > 0 } env) return env;
            string[] candidates =
            [
                Path.Combine(EdgeFacePaths.Root ?? AppContext.BaseDirectory, "device-configs"),
                Path.Combine(AppContext.BaseDirectory, "device-configs"),
            ];
            return candidates.FirstOrDefault(System.IO.Directory.Exists);
        }
    }

    /// <summary>Profile names available (file names without .json).</summary>
    public static IReadOnlyList<string> Names(string? directory = null)
    {
        directory ??= Directory;
        if (directory is null || !System.IO.Directory.Exists(directory)) return [];
        return System.IO.Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().ToList();
    }

    /// <summary>Path of a profile's file; a clear error naming the available ones when it does not exist.</summary>
    public static string PathOf(string profile, string? directory = null)
    {
        directory ??= Directory ?? throw new FileNotFoundException("no device-configs folder found (set EDGEFACE_DEVICE_CONFIGS)");
        string path = Path.Combine(directory, profile + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"device profile '{profile}' not found in {directory} (available: {string.Join(", ", Names(directory))})", path);
        return path;
    }
}
