using EdgeFace.Core.Hosting;

namespace EdgeFace.Hosting;

/// <summary>Expands the configuration's source into a capture URI ("demo" is the built-in sample photos).</summary>
public static class SourceUris
{
    public const string DemoFps = "5";

    public static string Resolve(string source)
    {
        if (source != "demo") return source;
        string dir = EdgeFacePaths.DemoDirectory;
        if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir).Any(f => !Path.GetFileName(f).StartsWith('.')))
            throw new InvalidOperationException($"the built-in demo frames are missing in {dir}: run ./edgeface once from the source checkout (it fetches them), or pass --source");
        return $"folder:{dir}?fps={DemoFps}&loop=true";
    }
}
