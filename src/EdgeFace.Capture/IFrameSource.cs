using EdgeFace.Core.Frames;

namespace EdgeFace.Capture;

/// <summary>
/// A camera, file, folder or stream that produces frames. Not thread-safe: one thread opens and reads; frames may be
/// released from any thread. Every frame returned by <see cref="TryRead"/> must be <see cref="Frame.Release"/>d once.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Human-readable description for logs (device, negotiated format, size, rate).</summary>
    string Description { get; }

    /// <summary>Opens the device or starts the subprocess. Throws <see cref="CaptureException"/> with a clear message.</summary>
    void Open();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next frame. Returns false on timeout. Throws
    /// <see cref="CaptureException"/> when the source fails (<see cref="CaptureErrorKind.Lost"/>) or is finished
    /// (<see cref="CaptureErrorKind.EndOfStream"/>).
    /// </summary>
    bool TryRead(TimeSpan timeout, out Frame? frame);

    /// <summary>
    /// Frames the source itself dropped before <see cref="TryRead"/> could hand them out (a subprocess reader that
    /// keeps only the newest frame). Sources that never drop report 0.
    /// </summary>
    long Dropped => 0;
}
