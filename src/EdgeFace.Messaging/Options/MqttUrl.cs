namespace EdgeFace.Messaging.Options;

/// <summary>A parsed <c>mqtt[s]://[user:pass@]host[:port]</c> broker address.</summary>
public sealed record MqttUrl(bool Tls, string Host, int Port, string? Username, string? Password)
{
    public static MqttUrl Parse(string url) =>
        TryParse(url, out var parsed, out string? error) ? parsed! : throw new FormatException(error);

    public static bool TryParse(string? url, out MqttUrl? parsed, out string? error)
    {
        parsed = null;
        error = null;
        if (string.IsNullOrWhiteSpace(url)) { error = "broker URL is empty"; return false; }
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd < 0 ? "" : url[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("mqtt" or "mqtts" or "tcp" or "ssl"))
        {
            error = $"'{Redact(url)}' must start with mqtt:// or mqtts://";
            return false;
        }
        // System.Uri only knows authorities of registered schemes; borrow http's and work out the port ourselves.
        if (!Uri.TryCreate("http" + url[schemeEnd..], UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{Redact(url)}' is not a valid broker address (mqtt[s]://[user:pass@]host[:port])";
            return false;
        }
        if (uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0)
        {
            error = $"'{Redact(url)}' must not have a path or query";
            return false;
        }
        bool tls = scheme is "mqtts" or "ssl";
        string? user = null, pass = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            pass = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        int port = HasExplicitPort(url[(schemeEnd + 3)..]) ? uri.Port : tls ? 8883 : 1883;
        parsed = new MqttUrl(tls, uri.Host.Trim('[', ']'), port, user, pass);
        return true;
    }

    private static bool HasExplicitPort(string rest)
    {
        int slash = rest.IndexOf('/');
        string authority = slash < 0 ? rest : rest[..slash];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        int colon = authority.LastIndexOf(':');
        return colon >= 0 && colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }

    /// <summary>The URL with any password replaced by ***, for logs and error messages.</summary>
    public static string Redact(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) return url;
        int colon = url.IndexOf(':', schemeEnd + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{(Username is null ? "" : Username + (Password is null ? "" : ":***") + "@")}{Host}:{Port}";
}
