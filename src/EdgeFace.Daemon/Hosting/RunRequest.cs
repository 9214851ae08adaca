namespace EdgeFace.Hosting;

/// <summary>What <c>edgeface run</c> was asked for beyond the configuration.</summary>
public sealed record RunRequest(long MaxFrames, bool JsonToStdout, string? ConfigPath);
