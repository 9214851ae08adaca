using System.Buffers;
using System.Text.Json;
using EdgeFace.Output;
using EdgeFace.Tracking;

namespace EdgeFace.Pipeline;

/// <summary>Prints each event as one JSON line on stdout (the daemon's output when no broker is configured).</summary>
public sealed class StdoutEventSink : IEventSink
{
    private readonly Stream _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
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
        _writer.Reset(_buffer);
        EventJson.Write(_writer, e, ++_seq, _camera, _landmarks);
        _writer.Flush();
        _buffer.Write("\n"u8);
        _out.Write(_buffer.WrittenSpan);
        _out.Flush();
    }
}
