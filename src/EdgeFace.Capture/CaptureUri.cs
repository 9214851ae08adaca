using System.Globalization;
using System.Numerics;

namespace EdgeFace.Capture;

/// <summary>A source URI split into scheme, path and query options, with typed accessors that fail with clear messages.</summary>
public sealed class CaptureUri
{
    private readonly Dictionary<string, string> _options;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    private CaptureUri(string text, string scheme, string path, Dictionary<string, string> options)
    {
        Text = text; Scheme = scheme; Path = path; _options = options;
    }

    public string Text { get; }
    /// <summary>Lower-case scheme without the colon: v4l2, rpicam, folder, file, rtsp, http, https.</summary>
    public string Scheme { get; }
    public string Path { get; }

    public static CaptureUri Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new CaptureException(CaptureErrorKind.Configuration, "camera source is empty");
        text = text.Trim();
        int colon = text.IndexOf(':');
        if (colon <= 0)
            throw new CaptureException(CaptureErrorKind.Configuration,
                $"camera source '{text}' has no scheme; use v4l2:/dev/video0, rpicam:, folder:PATH, file:PATH, rtsp://… or http://…");
        string scheme = text[..colon].ToLowerInvariant();
        string rest = text[(colon + 1)..];
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (scheme is "rtsp" or "rtsps" or "http" or "https")
            return new CaptureUri(text, scheme, text, options); // the whole URL goes to ffmpeg; its query is the server's
        int q = rest.IndexOf('?');
        string path = q < 0 ? rest : rest[..q];
        if (q >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                string value = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                if (!options.TryAdd(key, value))
                    throw new CaptureException(CaptureErrorKind.Configuration, $"camera source '{text}' repeats option '{key}'");
            }
        }
        if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..]; // accept file:///x and v4l2:///dev/video0
        return new CaptureUri(text, scheme, Uri.UnescapeDataString(path), options);
    }

    public string? GetString(string key)
    {
        _used.Add(key);
        return _options.TryGetValue(key, out var v) ? v : null;
    }

    public int? GetInt32(string key, int min = 1, int max = 16384) => GetNumber(key, min, max, NumberStyles.Integer, "a whole number");

    public double? GetDouble(string key, double min = 0.01, double max = 1000) => GetNumber(key, min, max, NumberStyles.Float, "a number");

    private T? GetNumber<T>(string key, T min, T max, NumberStyles style, string what) where T : struct, INumber<T>
    {
        var s = GetString(key);
        if (s is null) return null;
        if (!T.TryParse(s, style, CultureInfo.InvariantCulture, out T v) || !(v >= min && v <= max)) // also refuses NaN
            throw Bad($"{key}={s} is not {what} between {min} and {max}");
        return v;
    }

    public bool? GetBoolean(string key)
    {
        var s = GetString(key);
        return s?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw Bad($"{key}={s} is not true or false"),
        };
    }

    /// <summary>Rejects options nobody read, so a typo (widht=640) is an error rather than silently ignored.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw Bad($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} for {Scheme}: (known: {string.Join(", ", _used)})");
    }

    public CaptureException Bad(string problem) => new(CaptureErrorKind.Configuration, $"camera source '{Text}': {problem}");
}
