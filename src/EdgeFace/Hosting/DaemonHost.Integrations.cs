using EdgeFace.Configuration;
using EdgeFace.Device.Stats;
using EdgeFace.Pipeline;

namespace EdgeFace.Hosting;

// Integrations that attach to the daemon: event outputs, GPIO observers, MQTT publishing.
public sealed partial class DaemonHost
{
    /// <summary>Chooses event outputs: stdout JSON lines unless MQTT is on (or --json asks for both).</summary>
    public void AttachOutputs(LoadedConfig loaded)
    {
        AddSink(new StdoutEventSink(_config.CameraName, includeLandmarks: true));
    }

    private partial IReadOnlyList<IFrameObserver> Observers() => [];

    private partial void OnTick(StatsSnapshot snapshot)
    {
    }
}
