using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

public class KpnetDetectorTests
{
    /// <summary>An RGB frame, black with one bright Gaussian blob.</summary>
    private static byte[] BlobFrame(int width, int height, float cx, float cy, float sigma)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            float d2 = (x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy);
            byte v = (byte)MathF.Round(255 * MathF.Exp(-d2 / (2 * sigma * sigma)));
            rgb[(y * width + x) * 3] = rgb[(y * width + x) * 3 + 1] = rgb[(y * width + x) * 3 + 2] = v;
        }
        return rgb;
    }

    private static IFaceDetector Load(TempDir dir)
    {
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), FakeModels.BrightnessKpnet());
        return ModelLoader.LoadDetector(FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest()),
            new InferenceOptions { IntraOpThreads = 1, Providers = ["cpu"] });
    }

    [RequiresOnnxRuntimeFact]
    public void Finds_the_blob_in_frame_coordinates_through_the_letterbox()
    {
        using var dir = new TempDir();
        using var detector = Load(dir);
        // 640x400 letterboxes into 320x200 of the 320x240 input (scale 0.5, 40 rows of padding at the bottom).
        const int W = 640, H = 400;
        byte[] frame = BlobFrame(W, H, 402, 162, 14);
        var faces = new FaceDetection[8];
        int n = detector.Detect(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3), faces);

        Assert.Equal(1, n);
        var f = faces[0];
        Assert.InRange(f.Score, 0.9f, 1f);
        for (int k = 0; k < 5; k++)
        {
            Assert.InRange(f.Keypoints[k].X, 402 - 4, 402 + 4);
            Assert.InRange(f.Keypoints[k].Y, 162 - 4, 162 + 4);
        }
        Assert.InRange(f.Box.X + f.Box.Width / 2, 402 - 4, 402 + 4);
        Assert.Equal(f.Size, f.Box.Width, 2); // box prior w = 1: box width is the face size (in frame pixels)
        var t = detector.LastTimings;
        Assert.True(t.Preprocess > 0 && t.Run > 0 && t.Decode > 0);
    }

    [RequiresOnnxRuntimeFact]
    public void A_tensor_prepared_on_another_thread_gives_the_same_faces_as_a_direct_detect()
    {
        using var dir = new TempDir();
        using var detector = Load(dir);
        const int W = 640, H = 400;
        byte[] frame = BlobFrame(W, H, 402, 162, 14), empty = new byte[W * H * 3];
        var direct = new FaceDetection[8];
        int n = detector.Detect(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3), direct);
        Assert.Equal(1, n);

        // Prepared elsewhere, then the model's own buffer is overwritten by an empty frame before the prepared run.
        var prepared = Task.Run(() => detector.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3))).Result!;
        Assert.NotNull(prepared);
        Assert.True(prepared.PrepareTicks > 0);
        Assert.True(prepared.IsFor(detector, new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3)));
        Assert.False(prepared.IsFor(detector, new ImageView(frame, PixelFormat.Rgb24, W / 2, H, W * 3)));
        Assert.Equal(0, detector.Detect(new ImageView(empty, PixelFormat.Rgb24, W, H, W * 3), new FaceDetection[8]));
        var ahead = new FaceDetection[8];
        Assert.Equal(1, detector.Detect(prepared, ahead));
        Assert.Equal(direct[0].Box, ahead[0].Box);
        Assert.Equal(direct[0].Score, ahead[0].Score);
        for (int k = 0; k < 5; k++) Assert.Equal(direct[0].Keypoints[k], ahead[0].Keypoints[k]);
        Assert.Equal(0, detector.LastTimings.Preprocess);
        prepared.Release();

        using var dir2 = new TempDir();
        using var second = Load(dir2);
        Assert.False(prepared.IsFor(second, new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3)));
        var foreign = second.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3))!;
        Assert.Throws<ArgumentException>(() => detector.Detect(foreign, ahead));
        foreign.Release();
    }

    [RequiresOnnxRuntimeFact]
    public void Prepared_inputs_are_a_small_pool_reused_without_allocation_and_safe_to_return_after_dispose()
    {
        using var dir = new TempDir();
        var detector = Load(dir);
        const int W = 320, H = 240;
        byte[] frame = BlobFrame(W, H, 100, 100, 10);
        var lent = new List<EdgeFace.Inference.Detectors.PreparedInput>();
        EdgeFace.Inference.Detectors.PreparedInput? p;
        while ((p = detector.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3))) is not null) lent.Add(p);
        Assert.InRange(lent.Count, 3, 8);   // enough for one being written, one waiting, one running
        lent[0].Release();
        var again = detector.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3));
        Assert.Same(lent[0], again);

        var faces = new FaceDetection[8];
        void Step()
        {
            var input = detector.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3))!;
            detector.Detect(input, faces);
            input.Release();
        }
        again!.Release();
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 100, warmup: 5));

        detector.Dispose();
        foreach (var input in lent.Skip(1)) input.Release();   // frames still in flight when the model stage is rebuilt
        Assert.Null(detector.Prepare(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3)));
    }

    [RequiresOnnxRuntimeFact]
    public void Empty_frame_has_no_faces_and_raw_formats_are_accepted()
    {
        using var dir = new TempDir();
        using var detector = Load(dir);
        var faces = new FaceDetection[8];
        byte[] yuyv = new byte[320 * 2 * 240];
        for (int i = 0; i < yuyv.Length; i += 2) { yuyv[i] = 16; yuyv[i + 1] = 128; } // black in limited-range YUV
        Assert.Equal(0, detector.Detect(new ImageView(yuyv, PixelFormat.Yuyv, 320, 240, 640), faces));
    }

    [RequiresOnnxRuntimeFact]
    public void Steady_state_detect_allocates_nothing()
    {
        using var dir = new TempDir();
        using var detector = Load(dir);
        const int W = 640, H = 480;
        byte[] frame = BlobFrame(W, H, 300, 200, 20);
        var faces = new FaceDetection[8];
        for (int i = 0; i < 5; i++) detector.Detect(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3), faces);

        int found = 0, calls = 0;
        void Step() { found += detector.Detect(new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3), faces); calls++; }

        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 200, warmup: 10));
        Assert.Equal(calls, found); // one face found by every call
    }
}
