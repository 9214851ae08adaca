namespace EdgeFace.Inference.Manifest;

/// <summary>The tensor shapes a manifest implies for the model's input and its decoder's outputs.</summary>
public static class ModelShapes
{
    /// <summary>Output roles the decoder reads, with their shapes.</summary>
    public static IEnumerable<(string Role, long[] Shape)> Roles(ModelManifest m)
    {
        int w = m.Input.Width, h = m.Input.Height;
        switch (m.Decoder)
        {
            case "kpnet":
                var k = m.Kpnet!;
                yield return ("scale", [1, k.ScaleBins.Count, h / k.Stride, w / k.Stride]);
                yield return ("keypoints", [1, 5, h / k.Stride, w / k.Stride]);
                break;
            case "yunet":
                foreach (int s in m.Yunet!.Strides)
                {
                    long cells = (long)(h / s) * (w / s);
                    yield return ($"cls_{s}", [1, cells, 1]);
                    yield return ($"obj_{s}", [1, cells, 1]);
                    yield return ($"bbox_{s}", [1, cells, 4]);
                    yield return ($"kps_{s}", [1, cells, 10]);
                }
                break;
            case "pfld":
                yield return ("landmarks", [1, 2 * m.Landmarks!.Points]);
                break;
        }
    }

    /// <summary>ONNX node name → shape, for the input and every role's output.</summary>
    public static Dictionary<string, long[]> Expected(ModelManifest m)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            [m.Input.Name] = [1, 3, m.Input.Height, m.Input.Width],
        };
        foreach (var (role, shape) in Roles(m)) shapes[m.OutputName(role)] = shape;
        return shapes;
    }
}
