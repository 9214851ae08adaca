using EdgeFace.Core.Events;
using EdgeFace.Core.Faces;
using EdgeFace.Gpio.Devices;
using EdgeFace.Gpio.Options;

namespace EdgeFace.Gpio.Rules;

/// <summary>
/// Applies the output rules to detection results and drives the lines, writing only on transitions.
/// Not thread-safe by itself; <see cref="GpioService"/> serialises frame, timer and input calls.
/// </summary>
public sealed class GpioRulesEngine
{
    private readonly OutputRule[] _rules;
    private readonly IOutputDevice[] _outputs;
    private readonly TimeProvider _clock;
    private readonly long _start;

    public GpioRulesEngine(IReadOnlyList<(OutputRule Rule, IOutputDevice Output)> outputs, TimeProvider clock)
    {
        _rules = outputs.Select(o => o.Rule).ToArray();
        _outputs = outputs.Select(o => o.Output).ToArray();
        _clock = clock;
        _start = clock.GetTimestamp();
    }

    /// <summary>Builds the rules of validated options over already opened outputs (same order as options.outputs).</summary>
    public static GpioRulesEngine Create(GpioOptions options, IReadOnlyList<IOutputDevice> outputs, TimeProvider clock)
    {
        var pairs = new List<(OutputRule, IOutputDevice)>();
        for (int i = 0; i < options.Outputs.Count; i++)
        {
            var o = options.Outputs[i];
            var rule = new OutputRule(o.Name, FaceCondition.From(o.When, options.Zones), o.Mode == "pulse", o.HoldMs, o.PulseMs);
            pairs.Add((rule, outputs[i]));
        }
        return new GpioRulesEngine(pairs, clock);
    }

    public IReadOnlyList<OutputRule> Rules => _rules;

    /// <summary>Milliseconds since the engine started, on the engine's clock.</summary>
    public long NowMs => (long)_clock.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>Evaluates one frame's detections (call only for frames that ran detection). Allocation-free.</summary>
    public void OnFrame(ReadOnlySpan<FaceDetection> faces, int frameWidth, int frameHeight) => OnFrame(faces, default, frameWidth, frameHeight);

    /// <summary>One frame's detections with each face's tracked signals (same order), for rules that filter on them.</summary>
    public void OnFrame(ReadOnlySpan<FaceDetection> faces, ReadOnlySpan<FaceSignals> signals, int frameWidth, int frameHeight)
    {
        long now = NowMs;
        for (int i = 0; i < _rules.Length; i++)
        {
            bool matched = _rules[i].Condition.Matches(faces, signals, frameWidth, frameHeight);
            Apply(i, _rules[i].OnFrame(matched, now));
        }
    }

    /// <summary>Ends holds and pulses that are due. Call often (the service does every few milliseconds).</summary>
    public void Tick()
    {
        long now = NowMs;
        for (int i = 0; i < _rules.Length; i++) Apply(i, _rules[i].Tick(now));
    }

    /// <summary>Drives every output inactive (shutdown, or detection switched off).</summary>
    public void AllInactive()
    {
        for (int i = 0; i < _outputs.Length; i++)
            if (_outputs[i].IsActive) _outputs[i].Write(false);
    }

    private void Apply(int i, bool active)
    {
        if (_outputs[i].IsActive != active) _outputs[i].Write(active);
    }
}
