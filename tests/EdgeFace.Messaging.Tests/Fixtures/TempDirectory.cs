namespace EdgeFace.Messaging.Tests.Fixtures;

public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;
    public string Path { get; }

    public static TempDirectory Create(string prefix) =>
        new(System.IO.Directory.CreateTempSubdirectory("edgeface-" + prefix + "-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, true); } catch (IOException) { }
    }
}
