using System.ComponentModel;
using System.Diagnostics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Processes;

/// <summary>
/// Runs a program that writes raw frames to stdout (rpicam-vid, ffmpeg) and turns them into pooled frames on a reader
/// thread. The program and its arguments come only from local configuration, never from the network. The process is
/// started without a shell, so arguments are passed as-is.
/// </summary>
internal sealed class RawVideoProcess : IDisposable
{
    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly RawFrameLayout _layout;
    private readonly bool _endIsNormal;
    private readonly FrameHandoff _handoff;
    private readonly FramePool _pool = new();
    private readonly Queue<string> _stderrTail = new();
    private Process? _process;
    private Thread? _reader;
    private volatile bool _stopping;

    /// <param name="endIsNormal">True for finite inputs (a file): a clean exit is end-of-stream rather than a failure.</param>
    public RawVideoProcess(string program, IReadOnlyList<string> arguments, RawFrameLayout layout, bool endIsNormal, bool dropOldest)
    {
        _program = program;
        _arguments = arguments;
        _layout = layout;
        _endIsNormal = endIsNormal;
        _handoff = new FrameHandoff(3, dropOldest);
    }

    public string CommandLine => _program + " " + string.Join(' ', _arguments);

    /// <summary>Frames the reader discarded because the consumer was slower than the program.</summary>
    public long Dropped => _handoff.Dropped;

    public void Start()
    {
        var psi = new ProcessStartInfo(_program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in _arguments) psi.ArgumentList.Add(a);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderrTail) { _stderrTail.Enqueue(e.Data); while (_stderrTail.Count > 8) _stderrTail.Dequeue(); }
        };
        try { process.Start(); }
        catch (Win32Exception ex)
        {
            throw new CaptureException(CaptureErrorKind.Configuration, $"cannot start '{_program}': {ex.Message} (is it installed and on PATH?)", ex);
        }
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        _process = process;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "capture-" + Path.GetFileName(_program) };
        _reader.Start();
    }

    public bool TryRead(TimeSpan timeout, out Frame? frame) => _handoff.TryTake(timeout, out frame);

    private void ReadLoop()
    {
        var process = _process!;
        var stdout = process.StandardOutput.BaseStream;
        int bytes = _layout.FrameBytes;
        long sequence = 0;
        try
        {
            while (!_stopping)
            {
                var frame = _pool.Rent(bytes, _layout.Format, _layout.Width, _layout.Height, _layout.Stride);
                int got = stdout.ReadAtLeast(frame.WritableData, bytes, throwOnEndOfStream: false);
                if (got < bytes)
                {
                    frame.Release();
                    if (got > 0 && !_stopping)
                        Complete(process, $"stream ended inside a frame ({got} of {bytes} bytes): is the frame size {_layout} right?");
                    else Complete(process, null);
                    return;
                }
                frame.Sequence = sequence++;
                frame.Timestamp = Stopwatch.GetTimestamp();
                frame.UnixTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (!_handoff.Add(frame)) return;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            if (!_stopping) _handoff.Complete(new CaptureException(CaptureErrorKind.Lost, $"reading from {_program} failed: {ex.Message}", ex));
        }
    }

    private void Complete(Process process, string? problem)
    {
        if (_stopping) return;
        process.WaitForExit(5000); // stdout closed: the program is exiting (slowly on a loaded machine)
        int? code = process.HasExited ? process.ExitCode : null;
        if (process.HasExited) process.WaitForExit(); // flushes the stderr events
        string tail;
        lock (_stderrTail) tail = string.Join(" | ", _stderrTail);
        string what = problem ?? (code is int c ? $"{Path.GetFileName(_program)} exited with code {c}" : $"{Path.GetFileName(_program)} closed its output");
        if (tail.Length > 0) what += $"; stderr: {UrlCredentials.Scrub(tail)}";
        var kind = _endIsNormal && problem is null && code == 0 ? CaptureErrorKind.EndOfStream : CaptureErrorKind.Lost;
        _handoff.Complete(new CaptureException(kind, what));
    }

    public void Dispose()
    {
        _stopping = true;
        _handoff.Close();
        if (_process is { } p)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(3000);
            p.Dispose();
        }
        _reader?.Join(3000);
    }
}
