using System.Drawing;
using System.Globalization;
using System.Xml.Linq;

namespace EdgeFace.Evaluation;

/// <summary>
/// Reads face labels in the formats people have: a CSV of 68 points (<c>file,identity,x0,y0,…,x67,y67</c>, header
/// optional, identity optional), dlib's imglab XML (<c>&lt;box top left width height&gt;</c> with optional
/// <c>&lt;part name x y&gt;</c> children), or a plain list of <c>file x y w h</c> lines (one line per face).
/// </summary>
public static class LabelReader
{
    /// <summary>
    /// Largest label file read: 68-point CSV rows are about 1 KB, so this is room for ~250,000 faces. Every format
    /// is read whole into memory (one line or one XML document), so a larger file, or one without line breaks, is
    /// refused before it is read.
    /// </summary>
    public const long MaxFileBytes = 256L << 20;

    public static List<LabeledImage> Read(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new FormatException($"{path} is {length / (1 << 20)} MiB; label files are limited to {MaxFileBytes >> 20} MiB");
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".csv" => ReadCsv(path),
            ".xml" => ReadDlibXml(path),
            _ => ReadBoxList(path),
        };
    }

    public static List<LabeledImage> ReadCsv(string path)
    {
        var images = new Dictionary<string, LabeledImage>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var cells = raw.Split(',');
            if (cells.Length < 137 || raw.StartsWith("file,", StringComparison.Ordinal)) continue; // header or short line
            int first = cells.Length - 136;
            var points = new PointF[68];
            for (int i = 0; i < 68; i++)
            {
                if (!float.TryParse(cells[first + 2 * i], CultureInfo.InvariantCulture, out float x) ||
                    !float.TryParse(cells[first + 2 * i + 1], CultureInfo.InvariantCulture, out float y))
                    throw new FormatException($"{path}:{lineNo}: point {i} is not a number");
                points[i] = new PointF(x, y);
            }
            string file = cells[0].Trim();
            if (!images.TryGetValue(file, out var image)) images[file] = image = new LabeledImage(file);
            image.Faces.Add(new LabeledFace(LabeledFace.BoxOf(points), points));
        }
        return images.Values.ToList();
    }

    public static List<LabeledImage> ReadDlibXml(string path)
    {
        var doc = XDocument.Load(path);
        var list = new List<LabeledImage>();
        foreach (var img in doc.Descendants("image"))
        {
            var image = new LabeledImage((string?)img.Attribute("file") ?? throw new FormatException($"{path}: <image> without file"));
            foreach (var box in img.Elements("box"))
            {
                if ((string?)box.Attribute("ignore") == "1") continue;
                var rect = new RectangleF(Num(box, "left"), Num(box, "top"), Num(box, "width"), Num(box, "height"));
                PointF[]? points = null;
                var parts = box.Elements("part").ToList();
                if (parts.Count == 68)
                {
                    points = new PointF[68];
                    foreach (var part in parts)
                    {
                        int i = int.Parse((string)part.Attribute("name")!, CultureInfo.InvariantCulture);
                        if ((uint)i < 68) points[i] = new PointF(Num(part, "x"), Num(part, "y"));
                    }
                }
                image.Faces.Add(new LabeledFace(rect, points));
            }
            list.Add(image);
        }
        return list;
    }

    public static List<LabeledImage> ReadBoxList(string path)
    {
        var images = new Dictionary<string, LabeledImage>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var cells = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != 5 && cells.Length != 1) throw new FormatException($"{path}:{lineNo}: expected 'file x y w h'");
            if (!images.TryGetValue(cells[0], out var image)) images[cells[0]] = image = new LabeledImage(cells[0]);
            if (cells.Length == 1) continue; // an image with no faces
            var v = new float[4];
            for (int i = 0; i < 4; i++)
                if (!float.TryParse(cells[i + 1], CultureInfo.InvariantCulture, out v[i]))
                    throw new FormatException($"{path}:{lineNo}: '{cells[i + 1]}' is not a number");
            image.Faces.Add(new LabeledFace(new RectangleF(v[0], v[1], v[2], v[3]), null));
        }
        return images.Values.ToList();
    }

    private static float Num(XElement e, string name) =>
        float.Parse((string?)e.Attribute(name) ?? throw new FormatException($"<{e.Name}> lacks '{name}'"), CultureInfo.InvariantCulture);
}
