using System.Security.Cryptography;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

public class ModelLoaderTests
{
    [Fact]
    public void Parses_a_snake_case_manifest_with_comments()
    {
        const string json = """
        {
          "format": 1, "name": "kpnet", "version": "1.0.0", "task": "detector", "decoder": "kpnet",
          "file": "kpnet-int8.onnx",   // beside the manifest
          "input": { "name": "input", "width": 320, "height": 240, "layout": "nchw", "element_type": "uint8",
                     "color": "bgr", "mean": [1, 2, 3], "scale": [0.5, 0.25, 0.125], "resize": "stretch" },
          "outputs": { "scale": "scale", "keypoints": "kpt" },
          "kpnet": { "stride": 4, "scale_bins": { "count": 8, "min_size": 12, "max_size": 240 }, "window_factor": 0.2,
                     "temperature": 0.5, "score_threshold": 0.45, "nms_iou": 0.35, "box": { "cx": 0.01, "cy": 0.12, "w": 1.1, "h": 1.3 },
                     "max_faces": 16 },
          "quantization": { "kind": "qdq-int8" },
          "license": "Apache-2.0"
        }
        """;
        var m = ModelLoader.ParseManifest(json, "kpnet.json");
        Assert.Equal("uint8", m.Input.ElementType);
        Assert.Equal("bgr", m.Input.Color);
        Assert.Equal([0.5f, 0.25f, 0.125f], m.Input.Scale);
        Assert.Equal("stretch", m.Input.Resize);
        Assert.Equal("kpt", m.OutputName("keypoints"));
        Assert.Equal(240f, m.Kpnet!.ScaleBins.MaxSize);
        Assert.Equal(0.12f, m.Kpnet.Box.Cy);
        Assert.Equal(16, m.Kpnet.MaxFaces);
        Assert.Equal(0.5f, m.Kpnet.Temperature);
    }

    [Fact]
    public void Unknown_decoder_and_other_invalid_fields_are_all_reported_with_the_file_name()
    {
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.ParseManifest(
            """{ "task": "detector", "decoder": "ssd", "file": "x.onnx", "input": { "width": 0, "height": 240, "color": "yuv" } }""", "models/x.json"));
        Assert.Equal("models/x.json", ex.FilePath);
        Assert.Contains("unknown decoder 'ssd' (known: kpnet, yunet, pfld)", ex.Message);
        Assert.Contains("input.width", ex.Message);
        Assert.Contains("'yuv' is not rgb or bgr", ex.Message);
    }

    [Fact]
    public void A_manifest_key_given_twice_is_refused_not_taken_from_the_last_one()
    {
        // Before, the second "file" silently won: a reviewer reading the first would check the wrong model.
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.ParseManifest(
            """{ "task": "detector", "decoder": "kpnet", "file": "kpnet-int8.onnx", "file": "other.onnx" }""", "models/x.json"));
        Assert.Contains("Duplicate property 'file'", ex.Message);
    }

    [Fact]
    public void A_manifest_larger_than_the_limit_is_not_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var f = File.OpenWrite(path)) f.SetLength(ModelLoader.MaxManifestBytes + 1);
            Assert.Contains("limit", Assert.Throws<ModelLoadException>(() => ModelLoader.ReadManifest(path)).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Missing_manifest_and_broken_json_name_the_file()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<ModelLoadException>(() => ModelLoader.ReadManifest(dir.File("nope.json")));
        Assert.Contains("nope.json: manifest file not found", missing.Message);
        File.WriteAllText(dir.File("broken.json"), "{ \"name\": ");
        var broken = Assert.Throws<ModelLoadException>(() => ModelLoader.ReadManifest(dir.File("broken.json")));
        Assert.Contains("broken.json: invalid manifest JSON", broken.Message);
    }

    [Theory]
    [InlineData("""{ "format": 1, "task": "detector", "decoder": "kpnet", "file": "k.onnx" }""", "input: is missing")]
    [InlineData("""{ "format": 1, "task": "detector", "decoder": "kpnet", "file": "k.onnx", "input": { "name": "x", "width": 320, "height": 240 }, "kpnet": { "stride": 4, "scale_bins": null, "box": null } }""", "kpnet.scale_bins: is missing")]
    [InlineData("""{ "format": 1, "task": "landmarks", "decoder": "pfld", "file": "p.onnx", "input": { "name": "x", "width": 112, "height": 112 }, "landmarks": { "points": 68, "crop": null } }""", "landmarks.crop: is missing")]
    public void Missing_sections_are_reported_not_crashed_on(string json, string expected)
    {
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.ParseManifest(json, "m.json"));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Kpnet_without_parameters_is_refused()
    {
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.ParseManifest(
            """{ "task": "detector", "decoder": "kpnet", "file": "k.onnx", "input": { "width": 320, "height": 240 } }""", "k.json"));
        Assert.Contains("needs a \"kpnet\" parameter object", ex.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Loads_a_matching_model_and_checks_its_sha256()
    {
        using var dir = new TempDir();
        byte[] onnx = FakeModels.BrightnessKpnet();
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), onnx);
        string sha = Convert.ToHexString(SHA256.HashData(onnx)).ToLowerInvariant();
        string path = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest(sha256: sha));
        using (var detector = ModelLoader.LoadDetector(path))
            Assert.Equal("fake-kpnet", detector.Manifest.Name);

        string wrongSha = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest(sha256: new string('0', 64)), "wrong-sha.json");
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadDetector(wrongSha));
        Assert.EndsWith("fake-kpnet.onnx", ex.FilePath);
        Assert.Contains($"SHA-256 is {sha}", ex.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Input_size_that_differs_from_the_onnx_file_is_named()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), FakeModels.BrightnessKpnet());
        string path = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest(width: 640, height: 480));
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadDetector(path));
        Assert.Contains("fake-kpnet.onnx", ex.Message);
        Assert.Contains("input 'input' is [1,3,240,320], the manifest implies [1,3,480,640]", ex.Message);
        Assert.Contains("output 'scale' (scale) is [1,3,60,80], the manifest implies [1,3,120,160]", ex.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Output_name_missing_from_the_model_is_named()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), FakeModels.BrightnessKpnet());
        string path = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest(scaleOutput: "heat"));
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadDetector(path));
        Assert.Contains("has no output 'heat' for role 'scale' (outputs: scale, kpt)", ex.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void Missing_and_corrupt_onnx_files_fail_with_the_file_named()
    {
        using var dir = new TempDir();
        string path = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest());
        var missing = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadDetector(path));
        Assert.Equal(dir.File("fake-kpnet.onnx"), missing.FilePath);
        Assert.Contains("not found", missing.Message);

        byte[] onnx = FakeModels.BrightnessKpnet();
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), onnx.AsSpan(0, onnx.Length - 200).ToArray());
        var corrupt = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadDetector(path));
        Assert.Equal(dir.File("fake-kpnet.onnx"), corrupt.FilePath);
        Assert.Contains("ONNX Runtime cannot load the model", corrupt.Message);
    }

    [RequiresOnnxRuntimeFact]
    public void A_detector_manifest_is_not_a_landmarker()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("fake-kpnet.onnx"), FakeModels.BrightnessKpnet());
        string path = FakeModels.WriteManifest(dir.Path, FakeModels.KpnetManifest());
        var ex = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadLandmarker(path));
        Assert.Contains("decoder 'kpnet' is not a landmark model", ex.Message);
    }
}
