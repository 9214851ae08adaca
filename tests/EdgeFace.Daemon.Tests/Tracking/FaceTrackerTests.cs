using EdgeFace.TestSupport;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Tracking;
using EdgeFace.Core.Events;

namespace EdgeFace.Daemon.Tests.Tracking;

public class FaceTrackerTests
{
    private readonly FaceEventPool _pool = new();
    private readonly List<FaceEvent> _events = new();

    private static FaceDetection Face(float x, float y, float size = 50, float score = 0.9f) => new(new RectangleF(x, y, size, size), score);

    private FaceTracker NewTracker() => new(_pool) { EndAfterMs = 1000, UpdateIntervalMs = 500, IouThreshold = 0.3 };

    [Fact]
    public void A_face_gets_new_then_rate_limited_updates_then_end()
    {
        var tracker = NewTracker();
        for (int t = 0; t <= 2000; t += 100)
            tracker.Update([Face(100 + t / 100f, 100)], default, 0, t, _events);
        tracker.Update([], default, 0, 3100, _events);
        var types = _events.Select(e => e.Type).ToList();
        Assert.Equal(FaceEventType.New, types[0]);
        Assert.Equal(FaceEventType.End, types[^1]);
        Assert.Equal(4, types.Count(t => t == FaceEventType.Update)); // at 500, 1000, 1500, 2000
        Assert.All(_events, e => Assert.Equal(_events[0].Id, e.Id));
        Assert.Equal(0, tracker.ActiveCount);
    }

    [Fact]
    public void Two_faces_keep_their_identities_when_listed_in_swapped_order()
    {
        var tracker = NewTracker();
        tracker.Update([Face(0, 0), Face(300, 0)], default, 0, 0, _events);
        int left = _events[0].Id, right = _events[1].Id;
        _events.Clear();
        tracker.Update([Face(305, 2), Face(4, 1)], default, 0, 600, _events);
        Assert.Equal(2, _events.Count);
        Assert.Equal(right, _events.Single(e => e.Box.X > 200).Id);
        Assert.Equal(left, _events.Single(e => e.Box.X < 200).Id);
    }

    [Fact]
    public void A_jump_beyond_overlap_is_a_new_face()
    {
        var tracker = NewTracker();
        tracker.Update([Face(0, 0)], default, 0, 0, _events);
        tracker.Update([Face(200, 200)], default, 0, 100, _events);
        Assert.Equal([FaceEventType.New, FaceEventType.New], _events.Select(e => e.Type));
        Assert.NotEqual(_events[0].Id, _events[1].Id);
    }

    [Fact]
    public void Landmarks_are_copied_into_events()
    {
        var tracker = NewTracker();
        var points = Enumerable.Range(0, 68).Select(i => new PointF(i, i * 2)).ToArray();
        tracker.Update([Face(0, 0)], points, 68, 0, _events);
        Assert.Equal(68, _events[0].LandmarkCount);
        Assert.Equal(new PointF(67, 134), _events[0].Landmarks[67]);
    }

    [Fact]
    public void Steady_tracking_allocates_nothing()
    {
        var tracker = NewTracker();
        var faces = new[] { Face(10, 10), Face(200, 50) };
        int frame = 0;
        void Step() { tracker.Update(faces, default, 0, frame * 10, _events); Recycle(); frame++; }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 1000, warmup: 100));
    }

    private void Recycle()
    {
        foreach (var e in _events) _pool.Return(e);
        _events.Clear();
    }

    [Fact]
    public void Pose_of_a_frontal_face_is_near_zero_and_roll_follows_the_eye_line()
    {
        var k = new Keypoints5();
        k[0] = new PointF(40, 50); k[1] = new PointF(80, 50); k[2] = new PointF(60, 72); k[3] = new PointF(45, 90); k[4] = new PointF(75, 90);
        Assert.True(HeadPoseEstimator.TryEstimate(k, out var pose));
        Assert.InRange(pose.Yaw, -3, 3);
        Assert.InRange(pose.Roll, -1, 1);
        k[1] = new PointF(80, 90); // eye line tilted by 45°
        Assert.True(HeadPoseEstimator.TryEstimate(k, out pose));
        Assert.InRange(pose.Roll, 40, 50);
    }
}
