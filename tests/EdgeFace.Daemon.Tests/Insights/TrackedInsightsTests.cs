using System.Buffers;
using System.Drawing;
using System.Text;
using System.Text.Json;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Insights;
using EdgeFace.TestSupport;
using EdgeFace.Tracking;

namespace EdgeFace.Daemon.Tests.Insights;

/// <summary>The signals as the tracker carries them in events, on synthetic face sequences of known geometry.</summary>
public class TrackedInsightsTests
{
    private const int FrameMs = 50;
    private readonly FaceEventPool _pool = new();
    private readonly List<FaceEvent> _events = new();

    private FaceTracker NewTracker() => new(_pool) { EndAfterMs = 500, UpdateIntervalMs = 1000, Insights = new InsightsSettings { SmoothingAlpha = 1 } };

    private static FaceDetection Face(float yawDeg)
    {
        var d = new FaceDetection(new RectangleF(0, 0, 100, 100), 0.9f) { Keypoints = SyntheticFace.Keypoints(yawDeg) };
        return d;
    }

    /// <summary>One frame: a face at <paramref name="yaw"/> with the given eye and mouth geometry.</summary>
    private void Frame(FaceTracker tracker, long t, float yaw, float ear = 0.3f, float mouth = 0.02f) =>
        tracker.Update([Face(yaw)], SyntheticFace.Landmarks(ear, ear, mouth), 68, t, _events);

    [Fact]
    public void Synthetic_keypoints_give_the_yaw_they_were_drawn_with()
    {
        foreach (float yaw in new[] { 0f, 15f, -30f })
        {
            Assert.True(HeadPoseEstimator.TryEstimate(SyntheticFace.Keypoints(yaw), out var pose));
            Assert.Equal(yaw, pose.Yaw, 0.5f);
            Assert.InRange(pose.Pitch, -0.5f, 0.5f);
        }
    }

    [Fact]
    public void End_event_carries_dwell_attention_blinks_and_yawns_of_the_whole_track()
    {
        var tracker = NewTracker();
        // 0–4 s facing (yaw 5°), 4–6 s turned away (yaw 45°), 6–8 s facing again: 6 s of attention over 8 s dwell.
        // Blinks at 1 s and 7 s (100 ms each); a yawn from 2 s to 4.5 s.
        for (long t = 0; t <= 8000; t += FrameMs)
        {
            float yaw = t is >= 4000 and < 6000 ? 45 : 5;
            float ear = t is >= 1000 and < 1100 || t is >= 7000 and < 7100 ? 0.02f : 0.3f;
            float mouth = t is >= 2000 and < 4500 ? 0.8f : 0.02f;
            Frame(tracker, t, yaw, ear, mouth);
        }
        tracker.Update([], default, 0, 9000, _events);

        Assert.Equal(FaceEventType.New, _events[0].Type);
        Assert.False(_events[0].Signals.Present);
        var end = _events[^1].Signals;
        Assert.Equal(FaceEventType.End, _events[^1].Type);
        Assert.True(end.Present);
        Assert.Equal(8000, end.DwellMs);
        Assert.Equal(6000, end.AttentionMs);
        Assert.True(end.Facing);
        Assert.Equal(2, end.Blinks);
        Assert.Equal(200, end.EyesClosedTotalMs);
        Assert.Equal(1, end.Yawns);
        Assert.False(end.Yawning);
        Assert.InRange(end.LeftEye, 0.99f, 1.01f);
    }

    [Fact]
    public void A_yawn_raises_an_update_at_once_flagged_as_a_yawn()
    {
        var tracker = NewTracker();
        tracker.UpdateIntervalMs = 60_000; // no periodic updates: only the yawn may raise one
        for (long t = 0; t <= 4000; t += FrameMs) Frame(tracker, t, 0, mouth: t >= 1000 ? 0.8f : 0.02f);
        var yawn = Assert.Single(_events, e => e.Type == FaceEventType.Update);
        Assert.Equal(2500, yawn.TimestampMs);
        Assert.True(yawn.Signals.Yawn);
        Assert.True(yawn.Signals.Yawning);
        Assert.Equal(1, yawn.Signals.Yawns);
    }

    [Fact]
    public void Eyes_closed_ms_in_an_update_is_the_current_closure()
    {
        var tracker = NewTracker();
        tracker.UpdateIntervalMs = 500;
        for (long t = 0; t <= 3000; t += FrameMs) Frame(tracker, t, 0, ear: t >= 1000 ? 0.02f : 0.3f);
        var last = _events.Last(e => e.Type == FaceEventType.Update).Signals;
        Assert.True(last.EyesClosed);
        Assert.Equal(2000, last.EyesClosedMs);
        Assert.Equal(0, last.Blinks);
    }

    [Fact]
    public void Without_landmarks_events_carry_facing_and_dwell_but_no_eye_or_mouth_fields()
    {
        var tracker = NewTracker();
        for (long t = 0; t <= 1000; t += FrameMs) tracker.Update([Face(0)], default, 0, t, _events);
        var update = _events.Last(e => e.Type == FaceEventType.Update);
        Assert.True(update.Signals.Present);
        Assert.False(update.Signals.HasEyes);
        Assert.False(update.Signals.HasMouth);
        using var doc = JsonDocument.Parse(Json(update));
        var insights = doc.RootElement.GetProperty("insights");
        Assert.Equal(1000, insights.GetProperty("dwell_ms").GetInt64());
        Assert.True(insights.GetProperty("facing").GetBoolean());
        Assert.False(insights.TryGetProperty("eye_left", out _));
        Assert.False(insights.TryGetProperty("mouth", out _));
    }

    [Fact]
    public void Event_json_has_an_insights_object_on_update_and_end_only()
    {
        var tracker = NewTracker();
        for (long t = 0; t <= 12000; t += FrameMs) Frame(tracker, t, 0, ear: t % 3000 is >= 1500 and < 1600 ? 0.02f : 0.3f);
        tracker.EndAll(12000, _events);
        using var created = JsonDocument.Parse(Json(_events[0]));
        Assert.False(created.RootElement.TryGetProperty("insights", out _));
        using var end = JsonDocument.Parse(Json(_events[^1]));
        var i = end.RootElement.GetProperty("insights");
        Assert.Equal("end", end.RootElement.GetProperty("type").GetString());
        Assert.Equal(12000, i.GetProperty("dwell_ms").GetInt64());
        Assert.Equal(12000, i.GetProperty("attention_ms").GetInt64());
        Assert.Equal(4, i.GetProperty("blinks").GetInt32());
        Assert.Equal(20.0, i.GetProperty("blinks_per_min").GetDouble(), 0.1);
        Assert.Equal(1.0, i.GetProperty("eye_left").GetDouble(), 0.01);
        Assert.False(i.GetProperty("eyes_closed").GetBoolean());
        Assert.Equal(0.02, i.GetProperty("mouth").GetDouble(), 0.001);
        Assert.Equal(0, i.GetProperty("yawns").GetInt32());
        Assert.False(i.TryGetProperty("yawn", out _));
    }

    [Fact]
    public void Detection_signals_follow_the_order_of_each_frames_detections()
    {
        var tracker = NewTracker();
        var left = Face(0);
        var right = Face(45);
        right.Box = new RectangleF(300, 0, 100, 100);
        var points = SyntheticFace.Landmarks().Concat(SyntheticFace.Landmarks(x: 300)).ToArray();
        for (long t = 0; t <= 1000; t += FrameMs) tracker.Update([left, right], points, 68, t, _events);
        Assert.Equal([true, false], tracker.DetectionSignals.ToArray().Select(s => s.Facing));
        // Listed the other way round, the signals swap with the faces: they belong to the track, not the slot.
        var swapped = points[68..].Concat(points[..68]).ToArray();
        tracker.Update([right, left], swapped, 68, 1050, _events);
        Assert.Equal([false, true], tracker.DetectionSignals.ToArray().Select(s => s.Facing));
        Assert.All(tracker.DetectionSignals.ToArray(), s => Assert.Equal(1050, s.DwellMs));
        tracker.Update([right], points.AsSpan(68..), 68, 1100, _events);
        Assert.Equal(1, tracker.DetectionSignals.Length);
    }

    [Fact]
    public void Tracking_with_landmarks_signals_and_event_json_allocates_nothing()
    {
        var tracker = NewTracker();
        tracker.UpdateIntervalMs = 0; // an event every frame, so the JSON of the signals is written every frame
        var faces = new[] { Face(0), Face(30) };
        faces[1].Box = new RectangleF(300, 0, 100, 100);
        var open = SyntheticFace.Landmarks(0.3f, 0.3f, 0.8f).Concat(SyntheticFace.Landmarks(0.3f, 0.3f, 0.1f, x: 300)).ToArray();
        var shut = SyntheticFace.Landmarks(0.02f, 0.02f, 0.8f).Concat(SyntheticFace.Landmarks(0.02f, 0.02f, 0.1f, x: 300)).ToArray();
        var buffer = new ArrayBufferWriter<byte>(8192);
        using var writer = new Utf8JsonWriter(buffer);
        int frame = 0;
        void Step()
        {
            // Blinks every 10th frame and a yawn held throughout, so every signal's code runs.
            tracker.Update(faces, frame % 10 == 0 ? shut : open, 68, frame * 33L, _events);
            foreach (var e in _events) { buffer.ResetWrittenCount(); FaceEventJson.Write(buffer, e, frame, includeLandmarks: false, writer); _pool.Return(e); }
            _events.Clear();
            frame++;
        }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 1000, warmup: 100));
        Assert.True(frame > 1000);
    }

    private static string Json(FaceEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FaceEventJson.Write(buffer, e, 1, includeLandmarks: false);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
