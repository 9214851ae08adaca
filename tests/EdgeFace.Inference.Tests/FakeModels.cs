using System.Text.Json;
using EdgeFace.Inference.Manifest;
using Microsoft.ML.OnnxRuntime.Tensors;
using EdgeFace.Onnx.Tests.OnnxModels;

namespace EdgeFace.Inference.Tests;

/// <summary>
/// A stand-in KPNet built from plain ONNX ops: each 4x4 cell's mean brightness drives both heads, so a bright blob in
/// the frame is a "face" whose centre the decoder must find. Lets the whole detector pipeline run without trained models.
/// </summary>
public static class FakeModels
{
    public const int Width = 320, Height = 240, Stride = 4, Bins = 3;

    public static byte[] BrightnessKpnet(int width = Width, int height = Height)
    {
        const float mean = 1f / 48; // 3 channels x 4 x 4
        return new OnnxModelBuilder("fake-kpnet")
            .Input("input", TensorElementType.Float, 1, 3, height, width)
            .Output("scale", TensorElementType.Float, 1, Bins, height / Stride, width / Stride)
            .Output("kpt", TensorElementType.Float, 1, 5, height / Stride, width / Stride)
            .Initializer("ws", Enumerable.Repeat(8 * mean, Bins * 48).ToArray(), Bins, 3, 4, 4)
            .Initializer("bs", Enumerable.Repeat(-4f, Bins).ToArray(), Bins)
            .Initializer("wk", Enumerable.Repeat(10 * mean, 5 * 48).ToArray(), 5, 3, 4, 4)
            .Node("Conv", ["input", "ws", "bs"], ["scale_logits"], AttributeProto.IntList("kernel_shape", 4, 4), AttributeProto.IntList("strides", 4, 4))
            .Node("Sigmoid", ["scale_logits"], ["scale"])
            .Node("Conv", ["input", "wk"], ["kpt"], AttributeProto.IntList("kernel_shape", 4, 4), AttributeProto.IntList("strides", 4, 4))
            .Build();
    }

    public static ModelManifest KpnetManifest(string onnxFile = "fake-kpnet.onnx", string? sha256 = null, string decoder = "kpnet",
        int width = Width, int height = Height, string scaleOutput = "scale") => new()
    {
        Name = "fake-kpnet",
        Version = "0.0.1",
        Task = "detector",
        Decoder = decoder,
        File = onnxFile,
        Sha256 = sha256,
        Input = new ModelInputSpec
        {
            Name = "input", Width = width, Height = height, ElementType = "float32", Color = "rgb",
            Mean = [0, 0, 0], Scale = [1 / 255f, 1 / 255f, 1 / 255f], Resize = "letterbox",
        },
        Outputs = new() { ["scale"] = scaleOutput, ["keypoints"] = "kpt" },
        Kpnet = new KpnetParameters
        {
            Stride = Stride,
            ScaleBins = new ScaleBins { Count = Bins, MinSize = 16, MaxSize = 128 },
            WindowFactor = 0.25f, Temperature = 1, ScoreThreshold = 0.5f, NmsIou = 0.4f,
            Box = new BoxPrior { Cx = 0, Cy = 0, W = 1, H = 1 }, MaxFaces = 8,
        },
    };

    /// <summary>Writes the manifest as JSON into <paramref name="dir"/> and returns its path.</summary>
    public static string WriteManifest(string dir, ModelManifest manifest, string name = "fake-kpnet.json")
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.ModelManifest));
        return path;
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("edgeface-inference-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}
