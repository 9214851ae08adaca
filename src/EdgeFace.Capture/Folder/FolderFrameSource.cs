using System.Diagnostics;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Capture.Folder;

/// <summary>
/// Plays the images in a folder (sorted by name) as frames: JPEG files are passed through untouched as
/// <see cref="PixelFormat.Jpeg"/> frames (the pipeline decodes them like MJPEG camera frames), PNG and PPM/PGM files
/// are decoded to RGB24 by the Imaging project's ImageFile. Paced at fps= or, without it, as fast as the consumer reads; loop=true starts over.
/// </summary>
public sealed class FolderFrameSource : IFrameSource
{
    private static readonly string[] JpegExtensions = [".jpg", ".jpeg"];
    private static readonly string[] DecodedExtensions = [".png", ".ppm", ".pgm", ".pnm"];

    private readonly FolderRequest _request;
    private readonly FramePool _pool = new();
    private string[] _files = [];
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private int _next;
    private long _sequence;
    private long _startTicks;

    public FolderFrameSource(FolderRequest request)
    {
        if (request.FramesPerSecond is <= 0)
            throw new CaptureException(CaptureErrorKind.Configuration, $"folder fps {request.FramesPerSecond} must be positive");
        _request = request;
        Description = $"folder:{request.Path}";
    }

    public string Description { get; private set; }

    /// <summary>Images skipped as unreadable or beyond <see cref="ImageLimits"/> (each file counted once; it is skipped on every loop).</summary>
    public int Skipped => _unreadable.Count;

    /// <summary>Image files in play order (after <see cref="Open"/>).</summary>
    public IReadOnlyList<string> Files => _files;

    public static bool IsImage(string path) =>
        JpegExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()) || DecodedExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public void Open()
    {
        if (!Directory.Exists(_request.Path))
            throw new CaptureException(CaptureErrorKind.Configuration, $"image folder '{_request.Path}' does not exist");
        _files = Directory.GetFiles(_request.Path).Where(IsImage).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (_files.Length == 0)
            throw new CaptureException(CaptureErrorKind.Configuration,
                $"image folder '{_request.Path}' holds no .jpg, .jpeg, .png, .ppm or .pgm files");
        _next = 0;
        _sequence = 0;
        _unreadable.Clear();
        _startTicks = Stopwatch.GetTimestamp();
        Description = $"folder:{_request.Path} ({_files.Length} images" +
            (_request.FramesPerSecond is double f ? $", {f:0.##} fps" : ", unpaced") + (_request.Loop ? ", looping)" : ")");
    }

    public bool TryRead(TimeSpan timeout, out Frame? frame)
    {
        frame = null;
        if (_files.Length == 0) throw new InvalidOperationException("source is not open");
        if (_next >= _files.Length)
        {
            if (!_request.Loop) throw new CaptureException(CaptureErrorKind.EndOfStream, $"folder {_request.Path}: all {_files.Length} images played");
            _next = 0;
        }
        if (_request.FramesPerSecond is double fps)
        {
            long due = _startTicks + (long)(_sequence * Stopwatch.Frequency / fps);
            long wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                var waitTime = TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency);
                if (waitTime > timeout) { Thread.Sleep(timeout); return false; }
                Thread.Sleep(waitTime);
            }
        }
        string file = _files[_next++];
        try { frame = Load(file); }
        catch (CaptureException ex) when (ex.Kind == CaptureErrorKind.Configuration)
        {
            // One bad image must not end the folder: skip it (reported once) and let the next read go on.
            if (_unreadable.Add(file)) Log.Warn("capture", $"skipping {ex.Message}");
            if (_unreadable.Count == _files.Length)
                throw new CaptureException(CaptureErrorKind.Configuration, $"image folder '{_request.Path}' holds no readable image ({ex.Message})");
            return false;
        }
        frame.Sequence = _sequence++;
        frame.Timestamp = Stopwatch.GetTimestamp();
        frame.UnixTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return true;
    }

    private Frame Load(string file)
    {
        try
        {
            if (JpegExtensions.Contains(Path.GetExtension(file).ToLowerInvariant())) return LoadJpeg(file);
            return StillImageDecoder.Decode(file, _pool);
        }
        catch (IOException ex)
        {
            throw new CaptureException(CaptureErrorKind.Lost, $"cannot read {file}: {ex.Message}", ex);
        }
    }

    private Frame LoadJpeg(string file)
    {
        using var handle = File.OpenHandle(file);
        long size = RandomAccess.GetLength(handle);
        // Only the bytes are checked here: the frame goes on compressed, and the decode stage checks the pixel size
        // in its header before it allocates anything, as for a camera's MJPEG frames.
        if (size > ImageLimits.MaxEncodedBytes)
            throw new CaptureException(CaptureErrorKind.Configuration, $"{file}: {size} bytes exceeds the {ImageLimits.MaxEncodedBytes}-byte limit for a compressed image");
        var frame = _pool.Rent((int)size, PixelFormat.Jpeg, 1, 1, 0);
        int read = RandomAccess.Read(handle, frame.WritableData, 0);
        if (read != size || !JpegHeader.TryReadSize(frame.WritableData, out int w, out int h))
        {
            frame.Release();
            throw new CaptureException(CaptureErrorKind.Configuration, $"{file} is not a readable JPEG image");
        }
        frame.SetManaged(frame.ManagedBuffer!, (int)size, PixelFormat.Jpeg, w, h, 0, _pool);
        return frame;
    }

    public void Dispose() => _files = [];
}
