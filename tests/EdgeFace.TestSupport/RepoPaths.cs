namespace EdgeFace.TestSupport;

/// <summary>The repository root as seen from a test assembly (the folder holding EdgeFace.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EdgeFace.sln"))) return dir.FullName;
        throw new InvalidOperationException("EdgeFace.sln not found above " + AppContext.BaseDirectory);
    }
}
