namespace EdgeFace.Core.Diagnostics;

/// <summary>
/// The process-wide log. Lines go to stderr so stdout stays free for JSON output. Under systemd
/// (JOURNAL_STREAM set) each line starts with the journald priority prefix <c>&lt;N&gt;</c> and carries no
/// timestamp, because journald adds its own.
/// </summary>
public static class Log
{
    private static readonly object Gate = new();
    private static TextWriter _writer = Console.Error;

    public static LogLevel MinimumLevel { get; set; } = LogLevel.Info;

    /// <summary>True when stderr is connected to journald.</summary>
    public static bool JournalFormat { get; set; } = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 };

    /// <summary>Redirects output (tests capture it).</summary>
    public static void SetWriter(TextWriter writer) { lock (Gate) _writer = writer; }

    public static void Debug(string component, string message) => Write(LogLevel.Debug, component, message);
    public static void Info(string component, string message) => Write(LogLevel.Info, component, message);
    public static void Warn(string component, string message) => Write(LogLevel.Warning, component, message);
    public static void Error(string component, string message) => Write(LogLevel.Error, component, message);

    public static bool IsEnabled(LogLevel level) => level <= MinimumLevel;

    public static void Write(LogLevel level, string component, string message)
    {
        if (!IsEnabled(level)) return;
        string line = JournalFormat
            ? $"<{(int)level}>{component}: {message}"
            : $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Label(level)} {component}: {message}";
        lock (Gate) { _writer.WriteLine(line); _writer.Flush(); }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit ",
        LogLevel.Error => "error",
        LogLevel.Warning => "warn ",
        LogLevel.Info => "info ",
        _ => "debug",
    };
}
