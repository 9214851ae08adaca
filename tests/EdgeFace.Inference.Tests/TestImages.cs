using System.Diagnostics;
using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

/// <summary>Real face images from ../shared/data, extracted into a temp folder and decoded to RGB24 with ffmpeg.</summary>
public static class TestImages
{
    public sealed record LabelledFace(string Name, byte[] Rgb, int Width, int Height, float[] Points68);

    /// <summary>The first <paramref name="count"/> labelled images of landmarks68.tar with their 68 ground-truth points.</summary>
    public static IReadOnlyList<LabelledFace> Landmarks68(TempDir dir, int count)
    {
        string tar = Path.Combine(SharedData.Root!, "data", "landmarks68.tar");
        Run("tar", $"-xf \"{tar}\" -C \"{dir.Path}\" landmarks68/labels.csv");
        var rows = File.ReadLines(Path.Combine(dir.Path, "landmarks68", "labels.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(r => r.Length >= 2 + 136)
            .Where((_, i) => i % 97 == 0) // spread over identities instead of one person's frames
            .Take(count).ToArray();
        Run("tar", $"-xf \"{tar}\" -C \"{dir.Path}\" " + string.Join(" ", rows.Select(r => $"landmarks68/images/{r[0]}")));
        return rows.Select(r =>
        {
            string file = Path.Combine(dir.Path, "landmarks68", "images", r[0]);
            var (rgb, w, h) = DecodeRgb(file);
            return new LabelledFace(r[0], rgb, w, h, r.Skip(2).Take(136).Select(float.Parse).ToArray());
        }).ToArray();
    }

    public static (byte[] Rgb, int Width, int Height) DecodeRgb(string file)
    {
        var size = Run("ffprobe", $"-v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 \"{file}\"").Trim().Split(',');
        int w = int.Parse(size[0]), h = int.Parse(size[1]);
        var psi = new ProcessStartInfo("ffmpeg", $"-v error -i \"{file}\" -f rawvideo -pix_fmt rgb24 -") { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        var rgb = ms.ToArray();
        if (rgb.Length != w * h * 3) throw new InvalidDataException($"ffmpeg gave {rgb.Length} bytes for {w}x{h} {file}");
        return (rgb, w, h);
    }

    private static string Run(string command, string arguments)
    {
        var psi = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} {arguments} failed: {error}");
        return output;
    }
}
