using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Configuration;

/// <summary>The configuration's <c>log_level</c> names (validated by the schema) as log levels.</summary>
public static class LogLevels
{
    public static LogLevel Parse(string name) => name switch
    {
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Info,
    };
}
