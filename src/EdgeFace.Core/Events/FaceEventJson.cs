using System.Buffers;
using System.Drawing;
using System.Text.Json;

namespace EdgeFace.Core.Events;

/// <summary>
/// Writes the event JSON: <c>{"type","id","seq","ts","box":[x,y,w,h],"score","keypoints":[[x,y]×5],
/// "landmarks"?:[[x,y]×n],"pose"?:{"yaw","pitch","roll"},"insights"?:{…},"camera"}</c>. Coordinates are frame pixels
/// rounded to 0.1. <c>insights</c> (update and end events) holds the track's <see cref="FaceSignals"/>; its eye and
/// mouth fields appear only when the face had 68 landmarks, <c>blinks_per_min</c> once there is a rate, <c>yawn</c>
/// only on the event a recognised yawn raised.
/// </summary>
public static class FaceEventJson
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    public static void Write(IBufferWriter<byte> output, FaceEvent e, long sequence, bool includeLandmarks, Utf8JsonWriter? reuse = null)
    {
        var w = reuse ?? new Utf8JsonWriter(output, Options);
        if (reuse is not null) w.Reset(output);
        w.WriteStartObject();
        w.WriteString("type"u8, e.Type switch { FaceEventType.New => "new"u8, FaceEventType.Update => "update"u8, _ => "end"u8 });
        w.WriteNumber("id"u8, e.Id);
        w.WriteNumber("seq"u8, sequence);
        w.WriteNumber("ts"u8, e.TimestampMs);
        w.WriteStartArray("box"u8);
        Num(w, e.Box.X); Num(w, e.Box.Y); Num(w, e.Box.Width); Num(w, e.Box.Height);
        w.WriteEndArray();
        w.WriteNumber("score"u8, Math.Round(e.Score, 3, MidpointRounding.AwayFromZero));
        w.WriteStartArray("keypoints"u8);
        for (int i = 0; i < EdgeFace.Core.Faces.Keypoints5.Count; i++) Point(w, e.Keypoints[i]);
        w.WriteEndArray();
        if (includeLandmarks && e.LandmarkCount > 0)
        {
            w.WriteStartArray("landmarks"u8);
            for (int i = 0; i < e.LandmarkCount; i++) Point(w, e.Landmarks[i]);
            w.WriteEndArray();
        }
        if (e.HasPose)
        {
            w.WriteStartObject("pose"u8);
            w.WriteNumber("yaw"u8, Math.Round(e.Yaw, 1));
            w.WriteNumber("pitch"u8, Math.Round(e.Pitch, 1));
            w.WriteNumber("roll"u8, Math.Round(e.Roll, 1));
            w.WriteEndObject();
        }
        if (e.Signals.Present) WriteSignals(w, e.Signals);
        w.WriteString("camera"u8, e.Camera);
        w.WriteEndObject();
        w.Flush();
        if (reuse is null) w.Dispose();
    }

    private static void WriteSignals(Utf8JsonWriter w, in FaceSignals s)
    {
        w.WriteStartObject("insights"u8);
        w.WriteNumber("dwell_ms"u8, s.DwellMs);
        w.WriteBoolean("facing"u8, s.Facing);
        w.WriteNumber("attention_ms"u8, s.AttentionMs);
        if (s.HasEyes)
        {
            w.WriteNumber("eye_left"u8, Math.Round(s.LeftEye, 2, MidpointRounding.AwayFromZero));
            w.WriteNumber("eye_right"u8, Math.Round(s.RightEye, 2, MidpointRounding.AwayFromZero));
            w.WriteBoolean("eyes_closed"u8, s.EyesClosed);
            w.WriteNumber("eyes_closed_ms"u8, s.EyesClosedMs);
            w.WriteNumber("eyes_closed_total_ms"u8, s.EyesClosedTotalMs);
            w.WriteNumber("blinks"u8, s.Blinks);
            if (float.IsFinite(s.BlinksPerMinute)) w.WriteNumber("blinks_per_min"u8, Math.Round(s.BlinksPerMinute, 1, MidpointRounding.AwayFromZero));
        }
        if (s.HasMouth)
        {
            w.WriteNumber("mouth"u8, Math.Round(s.Mouth, 2, MidpointRounding.AwayFromZero));
            w.WriteBoolean("yawning"u8, s.Yawning);
            w.WriteNumber("yawns"u8, s.Yawns);
            if (s.Yawn) w.WriteBoolean("yawn"u8, true);
        }
        w.WriteEndObject();
    }

    /// <summary>Landmark stream message: <c>{"id","ts","landmarks":[[x,y]…]}</c>.</summary>
    public static void WriteLandmarks(IBufferWriter<byte> output, int id, long timestampMs, ReadOnlySpan<PointF> landmarks, Utf8JsonWriter writer)
    {
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteNumber("id"u8, id);
        writer.WriteNumber("ts"u8, timestampMs);
        writer.WriteStartArray("landmarks"u8);
        foreach (var p in landmarks) Point(writer, p);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void Point(Utf8JsonWriter w, PointF p)
    {
        w.WriteStartArray();
        Num(w, p.X); Num(w, p.Y);
        w.WriteEndArray();
    }

    private static void Num(Utf8JsonWriter w, float v) => w.WriteNumberValue(float.IsFinite(v) ? Math.Round(v, 1, MidpointRounding.AwayFromZero) : 0);
}
