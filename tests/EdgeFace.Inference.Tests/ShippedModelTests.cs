using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

/// <summary>The project's own models in models-int8/ load against their manifests and run allocation-free.</summary>
public class ShippedModelTests
{
    public sealed class RequiresShippedModelsFactAttribute : FactAttribute
    {
        public RequiresShippedModelsFactAttribute()
        {
            if (!File.Exists(RepoPaths.Path("models-int8", "kpnet-int8.json")) || !File.Exists(RepoPaths.Path("models-int8", "pfld68-int8.json")))
                Skip = "models-int8/ has no kpnet-int8.json / pfld68-int8.json yet";
            else Skip = SkipReasons.OnnxRuntimeMissing();
        }
    }

    [RequiresShippedModelsFact]
    public void Kpnet_and_pfld_load_check_their_sha256_and_run_without_allocating()
    {
        var options = new InferenceOptions { IntraOpThreads = 1 };
        using var detector = ModelLoader.LoadDetector(RepoPaths.Path("models-int8", "kpnet-int8.json"), options);
        using var landmarker = ModelLoader.LoadLandmarker(RepoPaths.Path("models-int8", "pfld68-int8.json"), options);
        Assert.Equal(68, landmarker.PointCount);

        // A grey frame with a lighter disc: whatever the (possibly early) model finds, the calls must be well-formed.
        const int W = 640, H = 480;
        var frame = new byte[W * H * 3];
        for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            frame.AsSpan((y * W + x) * 3, 3).Fill((byte)((x - 320) * (x - 320) + (y - 240) * (y - 240) < 80 * 80 ? 200 : 90));
        var view = new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3);
        var faces = new FaceDetection[64];
        var face = new FaceDetection(new RectangleF(260, 170, 120, 140), 1);
        face.Keypoints[0] = new PointF(295, 220); face.Keypoints[1] = new PointF(345, 220); face.Keypoints[2] = new PointF(320, 250);
        face.Keypoints[3] = new PointF(300, 280); face.Keypoints[4] = new PointF(340, 280);
        var points = new PointF[68];
        for (int i = 0; i < 3; i++) { detector.Detect(view, faces); landmarker.Predict(view, face, points); }

        int found = 0;
        void Step()
        {
            var frameView = new ImageView(frame, PixelFormat.Rgb24, W, H, W * 3);
            found = detector.Detect(frameView, faces);
            landmarker.Predict(frameView, face, points);
        }
        Assert.Equal(0, SteadyState.AllocatedBytes(Step, calls: 20, warmup: 5));

        Assert.InRange(found, 0, 64);
        for (int i = 0; i < found; i++) Assert.InRange(faces[i].Score, detector.Manifest.Kpnet!.ScoreThreshold, 1f);
        // Points come back in frame coordinates, somewhere around the crop (side 3.3 x 60 px around (320, 257)).
        Assert.All(points, p => { Assert.InRange(p.X, 320 - 200, 320 + 200); Assert.InRange(p.Y, 257 - 200, 257 + 200); });
    }
}
