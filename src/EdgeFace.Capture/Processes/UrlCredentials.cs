using System.Text.RegularExpressions;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// Hides passwords of URLs (<c>rtsp://user:secret@camera/…</c>) inside any text, such as the stderr lines of ffmpeg
/// and ffprobe, which quote the input URL in their messages. Logs and MQTT status must never carry them.
/// </summary>
internal static partial class UrlCredentials
{
    [GeneratedRegex(@"(?<=://[^/\s:@]+:)[^@\s/]+(?=@)")]
    private static partial Regex Password();

    public static string Scrub(string text) => Password().Replace(text, "***");
}
