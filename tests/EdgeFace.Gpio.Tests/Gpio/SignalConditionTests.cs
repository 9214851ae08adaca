using System.Drawing;
using EdgeFace.Core.Configuration;
using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Options;
using EdgeFace.Gpio.Rules;
using EdgeFace.TestSupport;

namespace EdgeFace.Gpio.Tests.Gpio;

/// <summary>Output rules on the tracked per-face signals: <c>facing</c>, <c>min_eyes_closed_ms</c>, <c>yawning</c>.</summary>
public sealed class SignalConditionTests
{
    private static readonly FaceDetection[] TwoFaces =
        [new FaceDetection(new RectangleF(50, 100, 80, 80), 0.9f), new FaceDetection(new RectangleF(400, 100, 80, 80), 0.9f)];

    private static FaceSignals Signals(bool facing = false, long eyesClosedMs = 0, bool yawning = false, bool eyes = true) => new()
    {
        Present = true, Facing = facing, HasEyes = eyes, EyesClosed = eyesClosedMs > 0, EyesClosedMs = eyesClosedMs,
        HasMouth = eyes, Yawning = yawning,
    };

    /// <summary>A rule held 100 ms; each <c>Rig.Frame</c> call steps the clock by the hold, so each frame's state is its own.</summary>
    private sealed class Rig(GpioRulesEngine engine, ManualClock clock)
    {
        public void Frame(ReadOnlySpan<FaceDetection> faces, ReadOnlySpan<FaceSignals> signals) { clock.Advance(100); engine.OnFrame(faces, signals, 640, 480); }
        public void Frame(ReadOnlySpan<FaceDetection> faces) { clock.Advance(100); engine.OnFrame(faces, 640, 480); }
    }

    private static (Rig Engine, RecordingOutput Output) Build(GpioConditionOptions when)
    {
        var (engine, output, clock) = BuildEngine(when);
        return (new Rig(engine, clock), output);
    }

    private static (GpioRulesEngine Engine, RecordingOutput Output, ManualClock Clock) BuildEngine(GpioConditionOptions when)
    {
        var options = new GpioOptions { Outputs = [new GpioOutputOptions { Name = "alarm", Line = 4, HoldMs = 100, When = when }] };
        var issues = new ConfigIssues();
        options.Validate("gpio", issues);
        Assert.True(issues.IsValid, string.Join("; ", issues.Items));
        var output = new RecordingOutput("alarm");
        var clock = new ManualClock();
        return (GpioRulesEngine.Create(options, [output], clock), output, clock);
    }

    [Fact]
    public void Facing_true_counts_only_faces_looking_at_the_camera()
    {
        var (engine, output) = Build(new GpioConditionOptions { Facing = true });
        engine.Frame(TwoFaces, [Signals(), Signals()]);
        Assert.False(output.IsActive);
        engine.Frame(TwoFaces, [Signals(), Signals(facing: true)]);
        Assert.True(output.IsActive);
        engine.Frame(TwoFaces, [Signals(facing: true)]); // the first face's signals only: it still counts
        Assert.True(output.IsActive);
        engine.Frame(TwoFaces); // no signals at all: no face can pass a signal filter
        Assert.False(output.IsActive);
    }

    [Fact]
    public void Min_eyes_closed_ms_needs_a_current_closure_that_long_and_eye_signals()
    {
        var (engine, output) = Build(new GpioConditionOptions { MinEyesClosedMs = 1500 });
        engine.Frame(TwoFaces, [Signals(eyesClosedMs: 1400), Signals(eyesClosedMs: 200)]);
        Assert.False(output.IsActive);
        engine.Frame(TwoFaces, [Signals(eyesClosedMs: 1500), Signals()]);
        Assert.True(output.IsActive);
        engine.Frame(TwoFaces, [Signals(eyesClosedMs: 9000, eyes: false), Signals()]); // no landmarks: unknown, not closed
        Assert.False(output.IsActive);
    }

    [Fact]
    public void Facing_false_and_yawning_combine_with_the_other_filters()
    {
        var (engine, output) = Build(new GpioConditionOptions { Facing = false, Yawning = true, MinFaces = 2 });
        engine.Frame(TwoFaces, [Signals(yawning: true), Signals(facing: true, yawning: true)]);
        Assert.False(output.IsActive);
        engine.Frame(TwoFaces, [Signals(yawning: true), Signals(yawning: true)]);
        Assert.True(output.IsActive);
    }

    [Fact]
    public void A_rule_without_signal_filters_ignores_signals()
    {
        var (engine, output) = Build(new GpioConditionOptions());
        engine.Frame(TwoFaces);
        Assert.True(output.IsActive);
    }

    [Fact]
    public void Negative_min_eyes_closed_ms_is_refused()
    {
        var issues = new ConfigIssues();
        new GpioConditionOptions { MinEyesClosedMs = -1 }.Validate("gpio.outputs[0].when", issues);
        Assert.Equal("gpio.outputs[0].when.min_eyes_closed_ms", Assert.Single(issues.Items).Path);
    }

    [Fact]
    public void Signal_rules_allocate_nothing_in_steady_state()
    {
        var (engine, output, clock) = BuildEngine(new GpioConditionOptions { Facing = true, MinEyesClosedMs = 1000 });
        FaceSignals[] signals = [Signals(facing: true, eyesClosedMs: 2000), Signals()];
        int frame = 0;
        // The output turns on and off every other frame; the recorder's list is emptied (its capacity kept) so that
        // only the rules' own allocations are measured.
        void Step() { engine.OnFrame(TwoFaces, frame++ % 2 == 0 ? signals : default, 640, 480); clock.Advance(60); engine.Tick(); output.Writes.Clear(); }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 10_000, warmup: 300));
        clock.Advance(100);
        engine.OnFrame(TwoFaces, signals, 640, 480);
        Assert.True(output.IsActive); // the measured frames did exercise a matching rule
    }
}
