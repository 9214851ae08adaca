using System.Buffers;
using System.Text.Json;
using EdgeFace.Integrations;
using EdgeFace.Messaging.Events;
using EdgeFace.Tracking;

namespace EdgeFace.Pipeline;

/// <summary>Prints each event as one JSON line on stdout, in the same shape as on MQTT (no broker configured, or --json).</summary>
public sealed class StdoutEventSink : IEventSink
{
    private readonly Stream _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly FaceEvent _event = new();
    private readonly string _camera;
    private readonly bool _landmarks;
    private long _seq;

    public StdoutEventSink(string camera, bool includeLandmarks, Stream? output = null)
    {
        _out = output ?? Console.OpenStandardOutput();
        _writer = new Utf8JsonWriter(_buffer);
        _camera = camera;
        _landmarks = includeLandmarks;
    }

    public void Write(TrackEvent e)
    {
        _buffer.ResetWrittenCount();
        FaceEventMapper.CopyTo(e, _event, _camera);
        FaceEventJson.Write(_buffer, _event, ++_seq, _landmarks, _writer);
        _buffer.Write("\n"u8);
        _out.Write(_buffer.WrittenSpan);
        _out.Flush();
    }
}
