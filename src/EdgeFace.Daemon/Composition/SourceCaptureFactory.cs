using EdgeFace.Capture.Supervision;
using EdgeFace.Configuration;
using EdgeFace.Hosting;

namespace EdgeFace.Composition;

/// <summary>The configuration's source URI ("demo" expanded) under a reconnecting supervisor with a two-frame queue.</summary>
public sealed class SourceCaptureFactory : ICaptureFactory
{
    public CaptureSupervisor Create(EdgeFaceConfig config) =>
        CaptureSupervisor.ForUri(SourceUris.Resolve(config.Source), new CaptureSupervisorOptions { QueueCapacity = 2 });
}
