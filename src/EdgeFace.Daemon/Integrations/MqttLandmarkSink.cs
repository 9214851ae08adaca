using EdgeFace.Messaging;
using EdgeFace.Pipeline;

namespace EdgeFace.Integrations;

/// <summary>The optional per-frame landmark stream (mqtt.landmarks_stream): the service rate-limits per face and
/// serialises off the frame thread.</summary>
public sealed class MqttLandmarkSink(MqttService service) : ILandmarkSink
{
    public void Write(int faceId, long unixTimeMs, ReadOnlySpan<System.Drawing.PointF> landmarks) =>
        service.PublishLandmarks(faceId, unixTimeMs, landmarks);
}
