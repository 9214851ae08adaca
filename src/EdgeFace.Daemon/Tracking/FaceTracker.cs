using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;
using EdgeFace.Core.Events;
using EdgeFace.Insights;

namespace EdgeFace.Tracking;

/// <summary>
/// Turns per-frame detections into face lifecycles: a face gets a <c>new</c> event when it first appears, rate-limited
/// <c>update</c> events while it stays, and an <c>end</c> event after it has been missing for <see cref="EndAfterMs"/>.
/// Matching is greedy by box overlap (IoU), best pairs first. Each track keeps its <see cref="FaceInsights"/> (facing,
/// eyes, mouth), carried by update and end events; a recognised yawn raises an update at once, whatever the interval.
/// Allocation-free once its track list has grown.
/// </summary>
public sealed class FaceTracker
{
    private readonly List<TrackedFace> _tracks = new();
    private readonly Stack<TrackedFace> _spare = new();
    private readonly FaceEventPool _pool;
    // Signals of each detection of the last update, in detection order (grown, never shrunk).
    private FaceSignals[] _detectionSignals = new FaceSignals[16];
    private int _detectionCount;
    private int _nextId = 1;

    public FaceTracker(FaceEventPool pool) => _pool = pool;

    public double IouThreshold { get; set; } = 0.3;
    public long EndAfterMs { get; set; } = 1500;
    public long UpdateIntervalMs { get; set; } = 1000;

    /// <summary>Camera name stamped on events.</summary>
    public string Camera { get; set; } = "camera";

    /// <summary>Thresholds of the per-face signals; replaced between frames when the configuration changes.</summary>
    public InsightsSettings Insights { get; set; } = new();

    /// <summary>Faces currently tracked (seen within <see cref="EndAfterMs"/>).</summary>
    public int ActiveCount => _tracks.Count;

    /// <summary>
    /// The tracked signals of each detection passed to the last <see cref="Update"/>, in the same order (the GPIO rules
    /// filter on them). Borrowed until the next update.
    /// </summary>
    public ReadOnlySpan<FaceSignals> DetectionSignals => _detectionSignals.AsSpan(0, _detectionCount);

    /// <summary>
    /// The landmarks of active track <paramref name="index"/> (0..<see cref="ActiveCount"/>) if it was matched on the
    /// last <see cref="Update"/>; false for a track that was not seen on that frame. Borrowed until the next update.
    /// </summary>
    public bool TryGetMatched(int index, out int id, out ReadOnlySpan<PointF> landmarks)
    {
        var t = _tracks[index];
        id = t.Id;
        landmarks = t.MatchedThisFrame ? t.Landmarks.AsSpan(0, t.LandmarkCount) : default;
        return t.MatchedThisFrame && t.LandmarkCount > 0;
    }

    /// <summary>
    /// Feeds one frame's detections. <paramref name="landmarks"/> holds <paramref name="pointsPerFace"/> points per
    /// detection (or is empty). New events are appended to <paramref name="events"/>.
    /// </summary>
    public void Update(ReadOnlySpan<FaceDetection> detections, ReadOnlySpan<PointF> landmarks, int pointsPerFace,
        long nowMs, List<FaceEvent> events)
    {
        foreach (var t in _tracks) t.MatchedThisFrame = false;
        if (_detectionSignals.Length < detections.Length) _detectionSignals = new FaceSignals[Math.Max(detections.Length, _detectionSignals.Length * 2)];
        _detectionCount = detections.Length;
        Span<bool> used = detections.Length <= 256 ? stackalloc bool[detections.Length] : new bool[detections.Length];

        // Greedy matching: repeatedly take the best remaining (track, detection) pair above the threshold.
        while (true)
        {
            int bestT = -1, bestD = -1;
            double best = IouThreshold;
            for (int ti = 0; ti < _tracks.Count; ti++)
            {
                if (_tracks[ti].MatchedThisFrame) continue;
                for (int di = 0; di < detections.Length; di++)
                {
                    if (used[di]) continue;
                    double iou = GreedyNms.IoU(_tracks[ti].Detection.Box, detections[di].Box);
                    if (iou > best) { best = iou; bestT = ti; bestD = di; }
                }
            }
            if (bestT < 0) break;
            used[bestD] = true;
            var track = _tracks[bestT];
            track.MatchedThisFrame = true;
            bool yawn = Store(track, detections[bestD], Slice(landmarks, pointsPerFace, bestD), nowMs);
            track.Insights.Snapshot(ref _detectionSignals[bestD]);
            if (yawn || nowMs - track.LastEventMs >= UpdateIntervalMs) Emit(track, FaceEventType.Update, nowMs, events);
        }

        for (int di = 0; di < detections.Length; di++)
        {
            if (used[di]) continue;
            var track = _spare.Count > 0 ? _spare.Pop() : new TrackedFace();
            track.Id = _nextId++;
            track.MatchedThisFrame = true;
            track.Insights = default;
            Store(track, detections[di], Slice(landmarks, pointsPerFace, di), nowMs);
            track.Insights.Snapshot(ref _detectionSignals[di]);
            _tracks.Add(track);
            Emit(track, FaceEventType.New, nowMs, events);
        }

        Expire(nowMs, events);
    }

    /// <summary>Ends tracks that have been missing too long (call on frames where the detector did not run).</summary>
    public void Expire(long nowMs, List<FaceEvent> events)
    {
        for (int i = _tracks.Count - 1; i >= 0; i--)
        {
            var t = _tracks[i];
            if (nowMs - t.LastSeenMs <= EndAfterMs) continue;
            Emit(t, FaceEventType.End, nowMs, events);
            _tracks.RemoveAt(i);
            _spare.Push(t);
        }
    }

    /// <summary>Ends every track (shutdown or camera change).</summary>
    public void EndAll(long nowMs, List<FaceEvent> events)
    {
        foreach (var t in _tracks) { Emit(t, FaceEventType.End, nowMs, events); _spare.Push(t); }
        _tracks.Clear();
    }

    private static ReadOnlySpan<PointF> Slice(ReadOnlySpan<PointF> all, int per, int index) =>
        per > 0 && all.Length >= (index + 1) * per ? all.Slice(index * per, per) : default;

    /// <summary>Takes a frame's detection into the track; true when the face's signals recognised a yawn on it.</summary>
    private bool Store(TrackedFace t, in FaceDetection d, ReadOnlySpan<PointF> points, long nowMs)
    {
        t.Detection = d;
        t.LastSeenMs = nowMs;
        int n = Math.Min(points.Length, t.Landmarks.Length);
        points[..n].CopyTo(t.Landmarks);
        t.LandmarkCount = n;
        t.HasPose = HeadPoseEstimator.TryEstimate(d.Keypoints, out t.Pose);
        return t.Insights.Observe(t.HasPose, t.Pose, t.Landmarks.AsSpan(0, n), nowMs, Insights);
    }

    private void Emit(TrackedFace t, FaceEventType type, long nowMs, List<FaceEvent> events)
    {
        var e = _pool.Rent();
        e.Type = type;
        e.Id = t.Id;
        e.TimestampMs = type == FaceEventType.End ? nowMs : t.LastSeenMs;
        e.Box = t.Detection.Box;
        e.Score = t.Detection.Score;
        e.Keypoints = t.Detection.Keypoints;
        t.Landmarks.AsSpan(0, t.LandmarkCount).CopyTo(e.Landmarks);
        e.LandmarkCount = t.LandmarkCount;
        e.HasPose = t.HasPose;
        e.Yaw = t.Pose.Yaw; e.Pitch = t.Pose.Pitch; e.Roll = t.Pose.Roll;
        e.Camera = Camera;
        if (type == FaceEventType.New) e.Signals = default;
        else t.Insights.Fill(ref e.Signals);
        t.LastEventMs = nowMs;
        events.Add(e);
    }
}
