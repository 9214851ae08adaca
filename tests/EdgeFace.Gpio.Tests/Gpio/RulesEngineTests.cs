using EdgeFace.TestSupport;
using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;

namespace EdgeFace.Gpio.Tests.Gpio;

public sealed class RulesEngineTests
{
    private static readonly FaceDetection[] OneFace = [new FaceDetection(new RectangleF(100, 100, 80, 100), 0.9f)];
    private static readonly FaceDetection[] NoFaces = [];

    private static (GpioRulesEngine Engine, RecordingOutput Output, ManualClock Clock) Build(GpioOutputOptions output, Dictionary<string, float[]>? zones = null)
    {
        var options = new GpioOptions { Outputs = [output], Zones = zones ?? new() };
        var issues = new EdgeFace.Core.Configuration.ConfigIssues();
        options.Validate("gpio", issues);
        Assert.True(issues.IsValid, string.Join("; ", issues.Items));
        var clock = new ManualClock();
        var rec = new RecordingOutput(output.Name);
        return (GpioRulesEngine.Create(options, [rec], clock), rec, clock);
    }

    [Fact]
    public void Hold_mode_stays_active_for_hold_ms_after_the_last_face_and_retriggering_extends()
    {
        var (engine, output, clock) = Build(new GpioOutputOptions { Name = "lamp", Line = 3, HoldMs = 1000 });

        engine.OnFrame(OneFace, 640, 480);
        Assert.True(output.IsActive);
        clock.Advance(600);
        engine.OnFrame(OneFace, 640, 480);      // re-trigger at t=600: now active until 1600
        clock.Advance(900);                      // t=1500
        engine.OnFrame(NoFaces, 640, 480);
        Assert.True(output.IsActive);
        clock.Advance(99);                       // t=1599
        engine.Tick();
        Assert.True(output.IsActive);
        clock.Advance(1);                        // t=1600
        engine.Tick();
        Assert.False(output.IsActive);
        Assert.Equal([true, false], output.Writes); // one transition each way, no repeated writes
    }

    [Fact]
    public void Pulse_mode_pulses_once_per_arrival_and_rearms_after_absence()
    {
        var (engine, output, clock) = Build(new GpioOutputOptions { Name = "bell", Line = 1, Mode = "pulse", PulseMs = 200, HoldMs = 500 });

        engine.OnFrame(OneFace, 640, 480);
        Assert.True(output.IsActive);
        clock.Advance(199); engine.OnFrame(OneFace, 640, 480);
        Assert.True(output.IsActive);
        clock.Advance(1); engine.OnFrame(OneFace, 640, 480);   // t=200: pulse over though the face stays
        Assert.False(output.IsActive);
        for (int i = 0; i < 5; i++) { clock.Advance(100); engine.OnFrame(OneFace, 640, 480); }
        Assert.False(output.IsActive);                         // still the same visit: no second pulse
        clock.Advance(499); engine.Tick();                     // absent 499 ms: not re-armed yet
        engine.OnFrame(OneFace, 640, 480);
        Assert.False(output.IsActive);
        clock.Advance(500); engine.Tick();                     // absent 500 ms: re-armed
        engine.OnFrame(OneFace, 640, 480);
        Assert.True(output.IsActive);
        Assert.Equal(2, engine.Rules[0].Activations);
    }

    [Fact]
    public void Conditions_filter_by_count_score_size_and_zone()
    {
        var zones = new Dictionary<string, float[]> { ["door"] = [0.5f, 0f, 0.5f, 1f] }; // right half
        var (engine, output, _) = Build(new GpioOutputOptions
        {
            Name = "door", Line = 2,
            When = new GpioConditionOptions { MinFaces = 2, MinScore = 0.5f, MinFacePx = 40, Zone = "door" },
        }, zones);

        FaceDetection Face(float x, float size, float score) => new(new RectangleF(x, 100, size, size), score);

        engine.OnFrame([Face(400, 60, 0.9f)], 640, 480);                          // one face only
        Assert.False(output.IsActive);
        engine.OnFrame([Face(400, 60, 0.9f), Face(100, 60, 0.9f)], 640, 480);    // second one outside the zone
        Assert.False(output.IsActive);
        engine.OnFrame([Face(400, 60, 0.9f), Face(500, 30, 0.9f)], 640, 480);    // second one too small
        Assert.False(output.IsActive);
        engine.OnFrame([Face(400, 60, 0.9f), Face(500, 60, 0.4f)], 640, 480);    // second one too weak
        Assert.False(output.IsActive);
        engine.OnFrame([Face(400, 60, 0.9f), Face(500, 60, 0.6f)], 640, 480);    // both pass
        Assert.True(output.IsActive);
    }

    [Fact]
    public void Zone_uses_the_face_centre_in_normalised_coordinates()
    {
        var c = new FaceCondition(1, 0, 0, new RectangleF(0.25f, 0.25f, 0.5f, 0.5f));
        Assert.True(c.Matches([new FaceDetection(new RectangleF(300, 220, 40, 40), 1)], 640, 480));   // centre (320,240)
        Assert.False(c.Matches([new FaceDetection(new RectangleF(0, 200, 200, 40), 1)], 640, 480));   // centre x=100 < 160
        Assert.True(c.Matches([new FaceDetection(new RectangleF(0, 200, 400, 40), 1)], 640, 480));    // centre x=200 ≥ 160
    }

    [Fact]
    public void OnFrame_allocates_nothing_in_steady_state()
    {
        var (engine, _, clock) = Build(new GpioOutputOptions { Name = "lamp", Line = 3, HoldMs = 50 });
        FaceDetection[] faces = [OneFace[0], OneFace[0]];
        for (int i = 0; i < 100; i++) { engine.OnFrame(faces, 640, 480); clock.Advance(7); }
        int frame = 0;
        void Step() { engine.OnFrame(frame++ % 3 == 0 ? faces : NoFaces, 640, 480); clock.Advance(7); engine.Tick(); }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 10_000, warmup: 300));
    }
}
