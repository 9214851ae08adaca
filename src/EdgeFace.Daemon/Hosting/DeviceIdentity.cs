namespace EdgeFace.Hosting;

/// <summary>The device id used in topics: the configured one, or the host name made topic-safe.</summary>
public static class DeviceIdentity
{
    public static string Resolve(string configured)
    {
        if (configured != "auto") return configured;
        var host = Environment.MachineName.ToLowerInvariant();
        var safe = new string(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return safe.Length > 0 ? safe : "edgeface";
    }
}
