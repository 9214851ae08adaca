using System.Buffers;
using System.Text.Json;

namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>
/// The retained <c>state</c> message every Home Assistant sensor reads its value from. Values nobody has measured yet
/// are null (Home Assistant shows them as unknown), never a made-up zero: before the first stats sample there is no
/// fps, inference time, CPU or memory figure.
/// </summary>
public static class StateDocument
{
    /// <summary>The JSON for the given values (a new array: the caller keeps it as the retained payload).</summary>
    public static byte[] Write(int? faces, DeviceSample? sample, long outboxQueued, long dropped, bool? someoneFacing, double? lastDwellS)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (faces is { } f) w.WriteNumber("faces", f); else w.WriteNull("faces");   // null before the first frame
            Number(w, "fps", sample?.Fps);
            Number(w, "inference_ms", sample?.InferenceMs);
            Number(w, "soc_temp_c", sample?.TemperatureC);
            Number(w, "cpu_percent", sample?.CpuPercent);
            Number(w, "rss_mb", sample?.RssMb);
            w.WriteNumber("outbox_queued", outboxQueued);
            w.WriteNumber("dropped_events", dropped);
            Flag(w, "camera_connected", sample?.CameraConnected);
            Flag(w, "throttled", sample?.Throttled);
            Flag(w, "someone_facing", someoneFacing);
            Number(w, "last_dwell_s", lastDwellS);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // One decimal: finer digits would change the message on every sample without telling anyone anything.
    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 1));
        else w.WriteNull(name);
    }

    private static void Flag(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v) w.WriteString(name, v ? "ON" : "OFF");
        else w.WriteNull(name);
    }
}
