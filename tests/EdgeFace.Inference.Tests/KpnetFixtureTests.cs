using System.Text.Json;
using EdgeFace.Core.Faces;
using EdgeFace.Imaging;
using EdgeFace.Inference.Decoding;
using EdgeFace.Inference.Detectors;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Tests;

/// <summary>The training side's Python decoder (training/edgeface_train/kpnet_decode.py) against this one, on the same maps.</summary>
public class KpnetFixtureTests
{
    private const string File = "kpnet-decode-reference.json";

    [RequiresFixtureFact(File)]
    public void Decoding_the_reference_maps_gives_the_reference_faces()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Fixtures.PathOf(File)));
        var root = doc.RootElement;
        var p = root.GetProperty("kpnet").Deserialize(ManifestJsonContext.Default.KpnetParameters)!;
        int inW = root.GetProperty("input").GetProperty("width").GetInt32(), inH = root.GetProperty("input").GetProperty("height").GetInt32();
        int frW = root.GetProperty("frame").GetProperty("width").GetInt32(), frH = root.GetProperty("frame").GetProperty("height").GetInt32();
        float[] scale = Floats(root.GetProperty("scale").GetProperty("data"));
        float[] kpt = Floats(root.GetProperty("keypoints").GetProperty("data"));

        var decoder = new KpnetDecoder(p, inW, inH);
        var faces = new FaceDetection[p.MaxFaces];
        int n = decoder.Decode(scale, kpt, faces);
        var expected = root.GetProperty("faces").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, n);

        var map = LetterboxMap.For(frW, frH, inW, inH, letterbox: true);
        for (int i = 0; i < n; i++)
        {
            var e = expected[i];
            var f = FaceDetectorBase.ToFrame(faces[i], map);
            Assert.Equal(e.GetProperty("score").GetSingle(), f.Score, 4);
            // The reference keeps size in input pixels; the decoder's own output is in input pixels too.
            Assert.Equal(e.GetProperty("size").GetSingle(), faces[i].Size, 0.01f * e.GetProperty("size").GetSingle());
            var box = e.GetProperty("box");
            Assert.Equal(box[0].GetSingle(), f.Box.X, 0.5f);
            Assert.Equal(box[1].GetSingle(), f.Box.Y, 0.5f);
            Assert.Equal(box[2].GetSingle(), f.Box.Width, 0.5f);
            Assert.Equal(box[3].GetSingle(), f.Box.Height, 0.5f);
            int k = 0;
            foreach (var point in e.GetProperty("keypoints").EnumerateArray())
            {
                Assert.Equal(point[0].GetSingle(), f.Keypoints[k].X, 0.5f);
                Assert.Equal(point[1].GetSingle(), f.Keypoints[k].Y, 0.5f);
                k++;
            }
        }
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
