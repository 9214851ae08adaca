using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Inference.Benchmarks;
using EdgeFace.Inference.Manifest;
using Microsoft.ML.OnnxRuntime.Tensors;
using EdgeFace.Onnx.Tests.OnnxModels;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

public class PfldLandmarkerTests
{
    private const int Points = 68;

    /// <summary>
    /// A stand-in PFLD: point i = (u_i + mean brightness · 0, v_i), i.e. fixed crop-normalised positions, computed
    /// through a real pooling + matmul graph so the input is really consumed.
    /// </summary>
    private static byte[] FixedPointsModel(float[] uv) => new OnnxModelBuilder("fake-pfld")
        .Input("input", TensorElementType.Float, 1, 3, 112, 112)
        .Output("output", TensorElementType.Float, 1, 2 * Points)
        .Initializer("w", new float[3 * 2 * Points], 3, 2 * Points)
        .Initializer("b", uv, 2 * Points)
        .Node("GlobalAveragePool", ["input"], ["pooled"])
        .Node("Flatten", ["pooled"], ["flat"])
        .Node("MatMul", ["flat", "w"], ["mm"])
        .Node("Add", ["mm", "b"], ["output"])
        .Build();

    private static ModelManifest Manifest(string kind, float shift = 0) => new()
    {
        Name = "fake-pfld", Version = "0", Task = "landmarks", Decoder = "pfld", File = "fake-pfld.onnx",
        Input = new ModelInputSpec { Name = "input", Width = 112, Height = 112, Mean = [0, 0, 0], Scale = [1 / 255f, 1 / 255f, 1 / 255f] },
        Outputs = new() { ["landmarks"] = "output" },
        Landmarks = new LandmarkParameters { Points = Points, Scheme = LandmarkScheme.Ibug68, Crop = new CropParameters { Kind = kind, Scale = 1.5f, Shift = shift, Rotate = true } },
    };

    [RequiresOnnxRuntimeFact]
    public void Normalised_outputs_map_back_through_the_crop_and_nothing_is_allocated()
    {
        using var dir = new TempDir();
        var uv = new float[2 * Points];
        for (int i = 0; i < Points; i++) { uv[2 * i] = i / 67f; uv[2 * i + 1] = 0.5f; } // a horizontal line across the crop
        File.WriteAllBytes(dir.File("fake-pfld.onnx"), FixedPointsModel(uv));
        using var landmarker = ModelLoader.LoadLandmarker(FakeModels.WriteManifest(dir.Path, Manifest("box_square"), "fake-pfld.json"),
            new InferenceOptions { IntraOpThreads = 1 });
        Assert.Equal(Points, landmarker.PointCount);

        var frame = new byte[200 * 150 * 3];
        var view = new ImageView(frame, PixelFormat.Rgb24, 200, 150, 600);
        var face = new FaceDetection(new RectangleF(60, 40, 40, 50), 0.9f);
        var points = new PointF[Points];
        landmarker.Predict(view, face, points);

        // box_square: centre (80, 65), side 1.5 * 50 = 75, no rotation: x runs from 80 - 37.5 to 80 + 37.5 at y = 65.
        Assert.Equal(42.5f, points[0].X, 3);
        Assert.Equal(117.5f, points[67].X, 3);
        Assert.All(points, p => Assert.Equal(65f, p.Y, 3));

        Assert.Equal(0, SteadyState.AllocatedBytes(() => landmarker.Predict(new ImageView(frame, PixelFormat.Rgb24, 200, 150, 600), face, points), calls: 200, warmup: 5));

        var result = InferenceBenchmark.Landmarker(landmarker, view, face, iterations: 20, warmup: 2);
        Assert.Equal(0, result.AllocatedBytesPerCall);
        Assert.True(result.BareRunMs > 0 && result.TotalMs > 0);
    }

    [RequiresOnnxRuntimeFact]
    public void A_second_pass_crops_from_the_first_pass_points_without_allocating()
    {
        using var dir = new TempDir();
        // a face-like layout in crop coordinates, tilted, so the second crop differs from the first
        var uv = new float[2 * Points];
        for (int i = 0; i < Points; i++) { uv[2 * i] = 0.3f + 0.4f * i / 67f; uv[2 * i + 1] = 0.45f + 0.1f * (i % 7) / 6f; }
        File.WriteAllBytes(dir.File("fake-pfld.onnx"), FixedPointsModel(uv));
        using var landmarker = (EdgeFace.Inference.Landmarks.PfldLandmarker)ModelLoader.LoadLandmarker(
            FakeModels.WriteManifest(dir.Path, Manifest("keypoints5"), "fake-pfld.json"));
        var face = new FaceDetection(new RectangleF(0, 0, 1, 1), 1);
        face.Keypoints[0] = new PointF(80, 90); face.Keypoints[1] = new PointF(120, 92); face.Keypoints[2] = new PointF(100, 110);
        face.Keypoints[3] = new PointF(85, 125); face.Keypoints[4] = new PointF(115, 126);
        var pixels = new byte[200 * 200 * 3];
        var view = new ImageView(pixels, PixelFormat.Rgb24, 200, 200, 600);
        var first = new PointF[Points];
        landmarker.Predict(view, face, first);

        // what the second pass must do: the keypoints5 crop of the first pass's eye centres, nose tip and mouth corners
        PointF Mean(int from) { float x = 0, y = 0; for (int i = from; i < from + 6; i++) { x += first[i].X; y += first[i].Y; } return new(x / 6, y / 6); }
        var refined = face;
        refined.Keypoints[0] = Mean(36); refined.Keypoints[1] = Mean(42); refined.Keypoints[2] = first[30];
        refined.Keypoints[3] = first[48]; refined.Keypoints[4] = first[54];
        var crop2 = EdgeFace.Inference.Landmarks.LandmarkCrop.For(refined, Manifest("keypoints5").Landmarks!.Crop);

        landmarker.Passes = 2;
        var second = new PointF[Points];
        landmarker.Predict(view, face, second);
        for (int i = 0; i < Points; i++)
        {
            var want = crop2.ToFrame(uv[2 * i], uv[2 * i + 1]);
            Assert.Equal(want.X, second[i].X, 2);
            Assert.Equal(want.Y, second[i].Y, 2);
        }
        Assert.NotEqual(first[0], second[0]);
        Assert.Equal(0, SteadyState.AllocatedBytes(() => landmarker.Predict(new ImageView(pixels, PixelFormat.Rgb24, 200, 200, 600), face, second), calls: 100, warmup: 5));
    }

    [RequiresOnnxRuntimeFact]
    public void Keypoint_crop_rotates_the_output_with_the_eye_line()
    {
        using var dir = new TempDir();
        var uv = new float[2 * Points];
        for (int i = 0; i < Points; i++) { uv[2 * i] = 1f; uv[2 * i + 1] = 0.5f; } // the crop's right edge, middle
        File.WriteAllBytes(dir.File("fake-pfld.onnx"), FixedPointsModel(uv));
        using var landmarker = ModelLoader.LoadLandmarker(FakeModels.WriteManifest(dir.Path, Manifest("keypoints5"), "fake-pfld.json"));
        var face = new FaceDetection(new RectangleF(0, 0, 1, 1), 1);
        // Eye line rotated by 90 degrees (face lying on its side): right edge of the crop points down the frame.
        face.Keypoints[0] = new PointF(100, 80); face.Keypoints[1] = new PointF(100, 120); face.Keypoints[2] = new PointF(85, 100);
        face.Keypoints[3] = new PointF(70, 85); face.Keypoints[4] = new PointF(70, 115);
        var points = new PointF[Points];
        var frame = new byte[200 * 200 * 3];
        landmarker.Predict(new ImageView(frame, PixelFormat.Rgb24, 200, 200, 600), face, points);
        // E = (100,100), M = (70,100), size = max(40, 30) = 40, side = 60, centre = (85,100); +x of the crop = +y of the frame.
        Assert.Equal(85f, points[0].X, 3);
        Assert.Equal(130f, points[0].Y, 3);
    }
}
