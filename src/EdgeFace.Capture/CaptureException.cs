namespace EdgeFace.Capture;

/// <summary>What kind of failure a source hit; the supervisor decides from this whether retrying can help.</summary>
public enum CaptureErrorKind
{
    /// <summary>The request cannot be met by this device or input (bad format, size, URI). Retrying will not help.</summary>
    Configuration,
    /// <summary>The device or stream went away or broke (ENODEV, EIO, subprocess exit, missing device). Reopen later.</summary>
    Lost,
    /// <summary>A finite source (a file, a folder without loop) has delivered everything.</summary>
    EndOfStream,
}

/// <summary>A capture failure with a message meant for the operator.</summary>
public sealed class CaptureException : Exception
{
    public CaptureException(CaptureErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public CaptureErrorKind Kind { get; }
}
