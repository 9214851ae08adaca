using System.Buffers;
using System.Text.Json;
using EdgeFace.Core.Events;

namespace EdgeFace.Pipeline;

/// <summary>Prints each event as one JSON line on stdout, in the same shape as on MQTT (no broker configured, or --json).</summary>
public sealed class StdoutEventSink : IEventSink, IDisposable
{
    private readonly Stream _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly bool _landmarks;
    private long _seq;

    public StdoutEventSink(bool includeLandmarks, Stream? output = null)
    {
        _out = output ?? Console.OpenStandardOutput();
        _writer = new Utf8JsonWriter(_buffer);
        _landmarks = includeLandmarks;
    }

    public void Write(FaceEvent e)
    {
        _buffer.ResetWrittenCount();
        FaceEventJson.Write(_buffer, e, ++_seq, _landmarks, _writer);
        _buffer.Write("\n"u8);
        _out.Write(_buffer.WrittenSpan);
        _out.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
