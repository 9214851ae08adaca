using EdgeFace.Capture.Supervision;
using EdgeFace.Configuration;

namespace EdgeFace.Composition;

/// <summary>Builds the supervised capture for a configuration's source (not started).</summary>
public interface ICaptureFactory
{
    /// <summary>Throws <see cref="Capture.CaptureException"/> or <see cref="InvalidOperationException"/> for a source that cannot be used.</summary>
    CaptureSupervisor Create(EdgeFaceConfig config);
}
