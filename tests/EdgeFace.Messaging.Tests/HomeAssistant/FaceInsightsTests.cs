using EdgeFace.Core.Events;
using EdgeFace.Messaging.HomeAssistant;

namespace EdgeFace.Messaging.Tests.HomeAssistant;

public class FaceInsightsTests
{
    private static FaceEvent Event(FaceEventType type, int id, bool facing = false, bool closed = false, long closedMs = 0, bool yawn = false, long dwellMs = 0)
    {
        var e = new FaceEvent { Type = type, Id = id };
        if (type != FaceEventType.New)
            e.Signals = new FaceSignals { Present = true, Facing = facing, HasEyes = true, EyesClosed = closed, EyesClosedMs = closedMs, Yawn = yawn, DwellMs = dwellMs };
        return e;
    }

    [Fact]
    public void Someone_facing_follows_any_face_and_looking_fires_once_per_turn()
    {
        var f = new FaceInsights(2000);
        Assert.Equal(FaceInsight.None, f.Observe(Event(FaceEventType.New, 1)));
        Assert.Equal(FaceInsight.Looking | FaceInsight.StateChanged, f.Observe(Event(FaceEventType.Update, 1, facing: true)));
        Assert.Equal(FaceInsight.None, f.Observe(Event(FaceEventType.Update, 1, facing: true)));
        f.Observe(Event(FaceEventType.New, 2));
        Assert.Equal(FaceInsight.Looking, f.Observe(Event(FaceEventType.Update, 2, facing: true)));   // someone already faced
        Assert.Equal(FaceInsight.None, f.Observe(Event(FaceEventType.Update, 1, facing: false)));
        Assert.True(f.SomeoneFacing);
        Assert.Equal(FaceInsight.StateChanged, f.Observe(Event(FaceEventType.End, 2, facing: true, dwellMs: 4250)));
        Assert.False(f.SomeoneFacing);
        Assert.Equal(4.25, f.LastDwellSeconds);
    }

    [Fact]
    public void A_long_closure_fires_once_and_again_after_the_eyes_opened()
    {
        var f = new FaceInsights(2000);
        Assert.Null(f.LastDwellSeconds);
        f.Observe(Event(FaceEventType.New, 1));
        Assert.Equal(FaceInsight.None, f.Observe(Event(FaceEventType.Update, 1, closed: true, closedMs: 1500)));
        Assert.Equal(FaceInsight.EyesClosedLong, f.Observe(Event(FaceEventType.Update, 1, closed: true, closedMs: 2100)));
        Assert.Equal(FaceInsight.None, f.Observe(Event(FaceEventType.Update, 1, closed: true, closedMs: 4000)));
        f.Observe(Event(FaceEventType.Update, 1, closed: false));
        Assert.Equal(FaceInsight.EyesClosedLong, f.Observe(Event(FaceEventType.Update, 1, closed: true, closedMs: 2000)));
        Assert.Equal(FaceInsight.Yawn, f.Observe(Event(FaceEventType.Update, 1, closed: true, closedMs: 2500, yawn: true)));
    }

    [Fact]
    public void Faces_whose_end_was_lost_do_not_accumulate()
    {
        var f = new FaceInsights(2000);
        for (int id = 0; id < 5000; id++) { f.Observe(Event(FaceEventType.New, id)); f.Observe(Event(FaceEventType.Update, id, facing: true)); }
        Assert.True(f.SomeoneFacing);
        // the table was reset on the way: ending the most recent faces brings the count back to nobody
        for (int id = 4999; id >= 0; id--) f.Observe(Event(FaceEventType.End, id, facing: true));
        Assert.False(f.SomeoneFacing);
    }
}
