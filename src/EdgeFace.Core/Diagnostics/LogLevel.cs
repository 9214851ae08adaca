namespace EdgeFace.Core.Diagnostics;

/// <summary>Severities, numbered as syslog/journald priorities so they map one to one.</summary>
public enum LogLevel
{
    Critical = 2,
    Error = 3,
    Warning = 4,
    Info = 6,
    Debug = 7,
}
