namespace EdgeFace;

/// <summary>The EdgeFace version, shown by --version and in stats.</summary>
public static class VersionInfo
{
    public static string EdgeFace { get; } =
        typeof(VersionInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
