namespace EdgeFace.TestSupport;

/// <summary>
/// Locates ../shared (training data and teacher models). It is optional: tests that use it skip with a
/// printed reason where it is absent, so a fresh clone passes without it.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? Teacher(string file) =>
        Root is null ? null : Path.Combine(Root, "teachers", file) is var p && File.Exists(p) ? p : null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EDGEFACE_SHARED") is { Length: > 0 } env) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "teachers"))) return candidate;
        }
        return null;
    }
}
