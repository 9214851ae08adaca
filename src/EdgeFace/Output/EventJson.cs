using System.Text.Json;
using EdgeFace.Tracking;

namespace EdgeFace.Output;

/// <summary>
/// The one JSON shape of a face event, used on stdout and on MQTT:
/// <c>{"type","id","seq","ts","box":[x,y,w,h],"score","keypoints":[[x,y]×5],"landmarks":[[x,y]×68]?,"pose"?,"camera"}</c>.
/// Coordinates are frame pixels rounded to 0.1 px.
/// </summary>
public static class EventJson
{
    public static void Write(Utf8JsonWriter w, TrackEvent e, long seq, string camera, bool includeLandmarks)
    {
        w.WriteStartObject();
        w.WriteString("type", e.Type switch { TrackEventType.New => "new", TrackEventType.Update => "update", _ => "end" });
        w.WriteNumber("id", e.TrackId);
        w.WriteNumber("seq", seq);
        w.WriteNumber("ts", e.TimestampMs);
        w.WriteStartArray("box");
        Number(w, e.Box.X); Number(w, e.Box.Y); Number(w, e.Box.Width); Number(w, e.Box.Height);
        w.WriteEndArray();
        w.WriteNumber("score", MathF.Round(e.Score, 3));
        w.WriteNumber("top_score", MathF.Round(e.TopScore, 3));
        w.WriteNumber("age_ms", e.AgeMs);
        w.WriteStartArray("keypoints");
        for (int i = 0; i < 5; i++) Point(w, e.Keypoints[i].X, e.Keypoints[i].Y);
        w.WriteEndArray();
        if (includeLandmarks && e.LandmarkCount > 0)
        {
            w.WriteStartArray("landmarks");
            for (int i = 0; i < e.LandmarkCount; i++) Point(w, e.Landmarks[i].X, e.Landmarks[i].Y);
            w.WriteEndArray();
        }
        if (e.HasPose)
        {
            w.WriteStartObject("pose");
            w.WriteNumber("yaw", MathF.Round(e.Pose.Yaw, 1));
            w.WriteNumber("pitch", MathF.Round(e.Pose.Pitch, 1));
            w.WriteNumber("roll", MathF.Round(e.Pose.Roll, 1));
            w.WriteEndObject();
        }
        w.WriteString("camera", camera);
        w.WriteEndObject();
    }

    private static void Point(Utf8JsonWriter w, float x, float y)
    {
        w.WriteStartArray();
        Number(w, x); Number(w, y);
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, float v) => w.WriteNumberValue(MathF.Round(v, 1));
}
