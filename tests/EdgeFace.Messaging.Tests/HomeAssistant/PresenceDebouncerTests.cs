using EdgeFace.Messaging.HomeAssistant;

namespace EdgeFace.Messaging.Tests.HomeAssistant;

public class PresenceDebouncerTests
{
    /// <summary>Feeds one face count per frame (200 ms apart, 5 fps) and returns the debounced state after each.</summary>
    private static List<bool?> Run(PresenceDebouncer d, params int[] faces)
    {
        var states = new List<bool?>();
        for (int i = 0; i < faces.Length; i++)
        {
            d.Observe(faces[i], i * 200L);
            d.Evaluate(i * 200L);
            states.Add(d.Present);
        }
        return states;
    }

    [Fact]
    public void Missed_detections_shorter_than_the_off_delay_do_not_turn_presence_off()
    {
        var d = new PresenceDebouncer(0, 1000);
        var states = Run(d, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1);   // gaps of 1, 2 and 4 frames (at most 800 ms)
        Assert.All(states, s => Assert.True(s));
    }

    [Fact]
    public void A_gap_longer_than_the_off_delay_turns_it_off_once()
    {
        var d = new PresenceDebouncer(0, 1000);
        var states = Run(d, 1, 0, 0, 0, 0, 0, 0, 0);
        // frame 1 starts the gap at 200 ms; off at 1200 ms = frame 6
        Assert.Equal([true, true, true, true, true, true, false, false], states);
    }

    [Fact]
    public void Without_frames_the_pending_change_still_has_a_deadline()
    {
        var d = new PresenceDebouncer(0, 1000);
        d.Observe(2, 0);
        d.Observe(0, 100);
        Assert.Equal(1100, d.PendingUntilMs);
        Assert.False(d.Evaluate(1099));
        Assert.True(d.Present);
        Assert.Equal(2, d.Faces(0));   // the gap is bridged with the last count
        Assert.True(d.Evaluate(1100));
        Assert.False(d.Present);
        Assert.Null(d.PendingUntilMs);
        Assert.Equal(0, d.Faces(0));
    }

    [Fact]
    public void An_on_delay_ignores_a_single_false_detection()
    {
        var d = new PresenceDebouncer(400, 1000);
        var states = Run(d, 0, 1, 0, 0, 1, 1, 1, 1);
        // one-frame blip at frame 1 ignored; faces from frame 4 (800 ms) on turn it on at 1200 ms (frame 6)
        Assert.Equal([false, false, false, false, false, false, true, true], states);
    }

    [Fact]
    public void Nothing_is_known_before_the_first_frame()
    {
        var d = new PresenceDebouncer(0, 1000);
        Assert.Null(d.Present);
        Assert.Null(d.PendingUntilMs);
        Assert.False(d.Evaluate(5000));
    }
}
