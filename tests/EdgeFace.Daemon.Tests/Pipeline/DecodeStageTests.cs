using System.Threading.Channels;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;
using EdgeFace.Configuration;
using EdgeFace.Core.Hosting;
using EdgeFace.Imaging;
using EdgeFace.Pipeline;
using EdgeFace.TestSupport;

namespace EdgeFace.Daemon.Tests.Pipeline;

/// <summary>The decode stage against the real libturbojpeg: JPEG frames come out decoded, everything else as it came.</summary>
/// <remarks>Runs alone (no other test in parallel): the allocation check counts the whole process, since the stage's
/// continuations run on any pool thread.</remarks>
[Collection(ProcessWideMeasurements.Name)]
public sealed class DecodeStageTests : IDisposable
{
    private const int W = 64, H = 48;
    private readonly Channel<Frame> _input = Channel.CreateUnbounded<Frame>();
    private readonly DecodeStage _stage;
    private readonly ReleaseCounter _owner = new();
    private readonly byte[] _rgb;
    private readonly byte[] _jpeg;

    public DecodeStageTests()
    {
        _rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int i = (y * W + x) * 3;
                _rgb[i] = (byte)(4 * x); _rgb[i + 1] = (byte)(5 * y); _rgb[i + 2] = 128;
            }
        using var codec = new JpegCodec();
        _jpeg = codec.Encode(new ImageView(_rgb, PixelFormat.Rgb24, W, H, 3 * W), 95);
        _stage = new DecodeStage(_input.Reader);
    }

    private Frame Jpeg(long sequence, byte[]? data = null)
    {
        var f = new Frame();
        var bytes = data ?? _jpeg;
        f.SetManaged(bytes, bytes.Length, PixelFormat.Jpeg, W, H, 0, _owner);
        f.Sequence = sequence; f.Timestamp = 1000 + sequence; f.UnixTimeMs = 5000 + sequence;
        return f;
    }

    private static async Task<Frame> NextAsync(ChannelReader<Frame> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Jpeg_frames_arrive_decoded_with_their_timing_and_the_compressed_buffer_goes_back()
    {
        _stage.Start();
        _input.Writer.TryWrite(Jpeg(7));
        var f = await NextAsync(_stage.Output);
        Assert.Equal(PixelFormat.Rgb24, f.Format);
        Assert.Equal((W, H, 3 * W), (f.Width, f.Height, f.Stride));
        Assert.Equal((7L, 1007L, 5007L), (f.Sequence, f.Timestamp, f.UnixTimeMs));
        Assert.True(f.DecodeTicks > 0);
        Assert.Equal(1, _owner.Released);
        // the pixels are the picture (JPEG at quality 95 stays within a few levels of the smooth gradient)
        int worst = 0;
        for (int i = 0; i < _rgb.Length; i++) worst = Math.Max(worst, Math.Abs(_rgb[i] - f.Data[i]));
        Assert.True(worst <= 12, $"decoded pixels differ by up to {worst} levels");
        f.Release();
        Assert.Equal(0, _stage.Outstanding);
    }

    [Fact]
    public async Task Raw_frames_pass_through_as_the_same_object()
    {
        _stage.Start();
        var raw = new Frame();
        raw.SetManaged(_rgb, _rgb.Length, PixelFormat.Rgb24, W, H, 3 * W, _owner);
        _input.Writer.TryWrite(raw);
        Assert.Same(raw, await NextAsync(_stage.Output));
        Assert.Equal(0, _owner.Released);
        Assert.Equal(0, _stage.Decoded);
    }

    [Fact]
    public async Task A_broken_jpeg_and_an_unwanted_frame_are_passed_on_compressed()
    {
        bool wanted = true;
        _stage.WantsFrame = _ => wanted;
        _stage.Start();
        var broken = _jpeg[..(_jpeg.Length / 3)];
        broken[2] ^= 0xFF;
        _input.Writer.TryWrite(Jpeg(1, broken));
        var f = await NextAsync(_stage.Output);
        Assert.Equal(PixelFormat.Jpeg, f.Format);
        Assert.Equal(1, f.Sequence);
        wanted = false;
        _input.Writer.TryWrite(Jpeg(2));
        var g = await NextAsync(_stage.Output);
        Assert.Equal((PixelFormat.Jpeg, 2L), (g.Format, g.Sequence));
        Assert.Equal((0L, 2L), (_stage.Decoded, _stage.PassedOn));
        Assert.Equal(0, _owner.Released);   // the pipeline releases what it takes
    }

    [Fact]
    public async Task Holds_at_most_one_decoded_frame_ahead_of_the_pipeline()
    {
        _stage.Start();
        for (int i = 0; i < 5; i++) _input.Writer.TryWrite(Jpeg(i));
        await Task.Delay(300);
        Assert.Equal(1, _stage.Decoded);
        Assert.Equal(4, _input.Reader.Count);
        for (int i = 0; i < 5; i++) (await NextAsync(_stage.Output)).Release();
        Assert.Equal(5, _stage.Decoded);
        Assert.Equal(5, _owner.Released);
    }

    [Fact]
    public async Task Completing_the_input_completes_the_output_and_dispose_returns_every_buffer()
    {
        _stage.Start();
        _input.Writer.TryWrite(Jpeg(1));
        _input.Writer.TryWrite(Jpeg(2));
        var first = await NextAsync(_stage.Output);
        first.Release();
        _input.Writer.TryComplete();
        var second = await NextAsync(_stage.Output);
        second.Release();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.False(await _stage.Output.WaitToReadAsync(timeout.Token));
        _stage.Dispose();
        Assert.Equal(0, _stage.Outstanding);
        Assert.Equal(2, _owner.Released);
    }

    [Fact]
    public async Task Dispose_releases_a_decoded_frame_nobody_took()
    {
        _stage.Start();
        _input.Writer.TryWrite(Jpeg(1));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (_stage.Decoded == 0 && DateTime.UtcNow < until) await Task.Delay(10);
        _input.Writer.TryComplete();
        _stage.Dispose();
        Assert.Equal(0, _stage.Outstanding);
    }

    [Fact]
    public async Task Wanted_frames_are_prepared_ahead_and_the_preparation_goes_back_with_the_frame()
    {
        var prepared = new List<Frame>();
        _stage.PrepareAhead = f => { prepared.Add(f); f.Attachment = new CountingAttachment(); };
        bool want = true;
        _stage.WantsFrame = _ => want;
        _stage.Start();

        _input.Writer.TryWrite(Jpeg(1));
        var decoded = await NextAsync(_stage.Output);
        Assert.Equal(PixelFormat.Rgb24, decoded.Format);
        var attachment = Assert.IsType<CountingAttachment>(decoded.Attachment);

        var raw = new Frame();
        raw.SetManaged(_rgb, _rgb.Length, PixelFormat.Rgb24, W, H, 3 * W, _owner);
        _input.Writer.TryWrite(raw);
        Assert.Same(raw, await NextAsync(_stage.Output));
        Assert.IsType<CountingAttachment>(raw.Attachment);
        Assert.Equal([decoded, raw], prepared);

        decoded.Release();
        Assert.Equal(1, attachment.Released);
        Assert.Null(decoded.Attachment);

        want = false;   // frames the pipeline will skip are neither decoded nor prepared
        var skipped = new Frame();
        skipped.SetManaged(_rgb, _rgb.Length, PixelFormat.Rgb24, W, H, 3 * W, _owner);
        _input.Writer.TryWrite(skipped);
        Assert.Same(skipped, await NextAsync(_stage.Output));
        Assert.Null(skipped.Attachment);
        Assert.Equal(2, prepared.Count);

        want = true;   // a failing preparation leaves the frame as it is for the model thread
        _stage.PrepareAhead = _ => throw new InvalidOperationException("no spare tensor");
        _input.Writer.TryWrite(Jpeg(3));
        var unprepared = await NextAsync(_stage.Output);
        Assert.Equal(PixelFormat.Rgb24, unprepared.Format);
        Assert.Null(unprepared.Attachment);
        unprepared.Release();
    }

    [RequiresOnnxRuntimeFact]
    public void A_frame_prepared_ahead_gives_exactly_the_faces_and_landmarks_of_one_processed_in_place()
    {
        string portrait = Path.Combine(EdgeFacePaths.DemoDirectory, "astronaut.png");
        Assert.True(File.Exists(portrait), $"{portrait} is fetched by set-up (./test.sh)");
        var image = ImageFile.Load(portrait);
        using var processor = ModelSet.Load(new EdgeFaceConfig());
        var inPlace = new Frame();
        inPlace.SetManaged(image.Pixels, image.Pixels.Length, PixelFormat.Rgb24, image.Width, image.Height, image.Width * 3, null);
        var timings = new FrameTimings();
        int n = processor.Process(inPlace, ref timings);
        Assert.True(n >= 1, "the portrait has a face");
        var faces = processor.Faces.ToArray();
        var landmarks = processor.Landmarks.ToArray();

        var ahead = new Frame();
        ahead.SetManaged(image.Pixels, image.Pixels.Length, PixelFormat.Rgb24, image.Width, image.Height, image.Width * 3, null);
        processor.PrepareAhead(ahead);
        Assert.NotNull(ahead.Attachment);
        Assert.True(ahead.DecodeTicks > 0);   // converting into the tensor counts as the decode/convert stage
        timings = default;
        Assert.Equal(n, processor.Process(ahead, ref timings));
        Assert.Equal(ahead.DecodeTicks, timings.Decode);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(faces[i].Box, processor.Faces[i].Box);
            Assert.Equal(faces[i].Score, processor.Faces[i].Score);
        }
        Assert.Equal(landmarks, processor.Landmarks.ToArray());
        ahead.Release();
        Assert.Null(ahead.Attachment);
        Assert.Equal(0, ahead.DecodeTicks);
    }

    [Fact]
    public async Task Steady_state_decoding_allocates_nothing_per_frame()
    {
        _stage.Start();
        var frames = Enumerable.Range(0, 4).Select(i => Jpeg(i)).ToArray();
        async Task Pump(int count)
        {
            for (int i = 0; i < count; i++)
            {
                var f = frames[i % frames.Length];
                f.SetManaged(_jpeg, _jpeg.Length, PixelFormat.Jpeg, W, H, 0, _owner);
                _input.Writer.TryWrite(f);
                // no token and no timeout here: those would allocate on the test's side of the measurement
                Frame? got;
                while (!_stage.Output.TryRead(out got)) Assert.True(await _stage.Output.WaitToReadAsync());
                got.Release();
            }
        }
        await Pump(200);
        // The whole process is measured, so the runtime's own work in the background (tiering up methods that earlier
        // tests ran) lands in a window now and then: the quietest of three windows is the stage's figure. A per-frame
        // object would be 24 bytes or more in every window.
        var perFrame = new List<long>();
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await Pump(2000);
            perFrame.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 2000);
        }
        Assert.True(perFrame.Min() < 16, $"{string.Join(", ", perFrame)} B allocated per frame");
    }

    public void Dispose()
    {
        _input.Writer.TryComplete();
        _stage.Dispose();
    }

    private sealed class CountingAttachment : IFrameAttachment
    {
        public int Released;
        public void Release() => Released++;
    }

    private sealed class ReleaseCounter : IFrameOwner
    {
        private int _released;
        public int Released => Volatile.Read(ref _released);
        public void Return(Frame frame) => Interlocked.Increment(ref _released);
    }
}

/// <summary>Tests that measure the whole process (allocations across threads) and must not share it with others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "serial (process-wide measurements)";
}
