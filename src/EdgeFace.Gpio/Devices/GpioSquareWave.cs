using System.Device.Gpio;
using System.Device.Pwm;
using System.Runtime.InteropServices;
using EdgeFace.Gpio.Board;

namespace EdgeFace.Gpio.Devices;

/// <summary>
/// A software PWM channel on one line of a <see cref="GpioController"/>, for the buzzer binding. The package's own
/// <c>SoftwarePwmChannel</c> spins its thread with <c>Thread.Yield</c> while stopped (measured here: about half a core
/// busy per idle channel) and times its edges with millisecond sleeps; this one blocks while stopped and sleeps to
/// absolute deadlines (<c>clock_nanosleep</c>) while running, so an idle buzzer costs nothing.
/// </summary>
public sealed class GpioSquareWave : PwmChannel
{
    private readonly BoardLine _line;
    private readonly ManualResetEventSlim _running = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _frequency;
    private double _dutyCycle;

    public GpioSquareWave(BoardLine line, int frequency, double dutyCycle = 0.5)
    {
        _line = line;
        Frequency = frequency;
        DutyCycle = dutyCycle;
        line.Controller.OpenPin(line.Pin, PinMode.Output, line.ValueFor(false));
        _thread = new Thread(Run) { IsBackground = true, Name = $"gpio-tone-{line.Pin}" };
        _thread.Start();
    }

    public override int Frequency
    {
        get => _frequency;
        set => _frequency = value is > 0 and <= 20_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "1..20000 Hz");
    }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set => _dutyCycle = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "0..1");
    }

    /// <summary>Level changes written since the start (for tests and the benchmark).</summary>
    public long Edges => Interlocked.Read(ref _edges);
    private long _edges;

    public bool IsRunning => _running.IsSet;

    public override void Start() => _running.Set();

    public override void Stop() => _running.Reset();

    private void Run()
    {
        while (true)
        {
            _running.Wait();
            if (_stopping) break;
            long next = Monotonic.NowNs();
            while (_running.IsSet && !_stopping)
            {
                long period = 1_000_000_000L / _frequency;
                long high = (long)(period * _dutyCycle);
                if (high > 0) { Set(true); Monotonic.SleepUntil(next += high); }
                if (period - high > 0) { Set(false); Monotonic.SleepUntil(next += period - high); }
            }
            Set(false);
        }
    }

    private bool _level;

    private void Set(bool level)
    {
        if (level == _level) return;
        _line.Write(level);
        _level = level;
        Interlocked.Increment(ref _edges);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping = true;
            _running.Set();
            _thread.Join();
            _running.Dispose();
            _line.Write(false);
            _line.Controller.ClosePin(_line.Pin);
        }
        base.Dispose(disposing);
    }

    /// <summary>CLOCK_MONOTONIC, and sleeping to an absolute point of it (no drift from the time spent writing).</summary>
    private static class Monotonic
    {
        private const int ClockMonotonic = 1, TimerAbstime = 1;

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec { public long Seconds; public long Nanoseconds; }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGettime(int clock, out Timespec now);

        [DllImport("libc", EntryPoint = "clock_nanosleep")]
        private static extern int ClockNanosleep(int clock, int flags, in Timespec until, IntPtr remaining);

        public static long NowNs()
        {
            if (ClockGettime(ClockMonotonic, out var t) != 0) throw new GpioException("clock_gettime(CLOCK_MONOTONIC) failed");
            return t.Seconds * 1_000_000_000L + t.Nanoseconds;
        }

        // EINTR (a signal) returns early; looping to the same absolute deadline finishes the sleep.
        public static void SleepUntil(long ns)
        {
            var until = new Timespec { Seconds = ns / 1_000_000_000L, Nanoseconds = ns % 1_000_000_000L };
            while (ClockNanosleep(ClockMonotonic, TimerAbstime, in until, IntPtr.Zero) == 4) { }
        }
    }
}
