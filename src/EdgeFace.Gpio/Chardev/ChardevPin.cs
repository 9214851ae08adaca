using System.Device.Gpio;
using EdgeFace.Core.Diagnostics;

namespace EdgeFace.Gpio.Chardev;

/// <summary>
/// One open pin of <see cref="ChardevGpioDriver"/>: its kernel line request (from the first mode set on) and, while
/// callbacks are registered, the thread that waits for its edge events.
/// </summary>
internal sealed class ChardevPin(int offset) : IDisposable
{
    private readonly object _gate = new();
    private GpioLineRequest? _request;
    private (PinEventTypes Types, PinChangeEventHandler Callback)[] _callbacks = [];
    private Thread? _watcher;
    private volatile bool _stopping;

    public PinMode Mode { get; private set; } = PinMode.Input;

    public GpioLineRequest Request => _request ?? throw new InvalidOperationException($"line {offset} has no mode yet (open it with a PinMode)");

    public void SetMode(PinMode mode, GpioLineSettings settings, Func<GpioLineRequest> request)
    {
        lock (_gate)
        {
            if (_request is null) _request = request();
            else _request.Reconfigure(settings);
            Mode = mode;
        }
    }

    public void AddCallback(PinEventTypes types, PinChangeEventHandler callback, object sender)
    {
        if ((types & (PinEventTypes.Rising | PinEventTypes.Falling)) == 0)
            throw new ArgumentException("wait for Rising, Falling or both", nameof(types));
        lock (_gate)
        {
            if (Mode == PinMode.Output) throw new InvalidOperationException($"line {offset} is an output: it has no edge events");
            _ = Request;
            _callbacks = [.. _callbacks, (types, callback)];
            if (_watcher is null)
            {
                _stopping = false;
                _watcher = new Thread(() => Watch(sender)) { IsBackground = true, Name = $"gpio-line-{offset}" };
                _watcher.Start();
            }
        }
    }

    public void RemoveCallback(PinChangeEventHandler callback)
    {
        Thread? stop = null;
        lock (_gate)
        {
            _callbacks = _callbacks.Where(c => c.Callback != callback).ToArray();
            if (_callbacks.Length == 0 && _watcher is not null) { stop = _watcher; _watcher = null; _stopping = true; }
        }
        // The watcher may be the caller (a callback unregistering itself): it ends on its own after returning.
        if (stop is not null && stop != Thread.CurrentThread) stop.Join();
    }

    private void Watch(object sender)
    {
        var events = new GpioEdgeEvent[16];
        var request = Request;
        while (!_stopping)
        {
            int n;
            try
            {
                if (!request.WaitForEvent(100)) continue;
                n = request.ReadEvents(events);
            }
            catch (ObjectDisposedException) { return; }
            for (int i = 0; i < n && !_stopping; i++)
            {
                var type = events[i].Rising ? PinEventTypes.Rising : PinEventTypes.Falling;
                var args = new PinValueChangedEventArgs(type, offset);
                foreach (var (types, callback) in _callbacks)
                {
                    if ((types & type) == 0) continue;
                    // A binding's handler that throws must not end the watcher (nor, on this thread, the process).
                    try { callback(sender, args); }
                    catch (Exception e) { Log.Error("gpio", $"line {offset}: an edge handler failed: {e.Message}"); }
                }
            }
        }
    }

    public void Dispose()
    {
        Thread? watcher;
        lock (_gate) { watcher = _watcher; _watcher = null; _stopping = true; _callbacks = []; }
        if (watcher is not null && watcher != Thread.CurrentThread) watcher.Join();
        lock (_gate) { _request?.Dispose(); _request = null; }
    }
}
