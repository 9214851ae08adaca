using System.Text.Json.Nodes;
using EdgeFace.Capture.V4l2;

namespace EdgeFace.Cli.Commands;

/// <summary><c>edgeface cameras</c>: V4L2 capture devices with their formats, sizes and frame rates.</summary>
public static class CamerasCommand
{
    public static CommandSpec Spec => new("cameras", "List V4L2 cameras with their formats, frame sizes and frame rates.",
        "[--dev DIR] [--json]", [new("dev", "Device folder to scan (default /dev).", "DIR"), new("json", "Machine-readable output.")],
        (a, _) => Task.FromResult(Run(a)));

    private static int Run(ParsedArgs args)
    {
        var devices = V4l2DeviceInfo.Enumerate(args.Get("dev") ?? "/dev");
        if (args.Has("json"))
        {
            var list = new JsonArray(devices.Select(d => (JsonNode)new JsonObject
            {
                ["path"] = d.Path, ["driver"] = d.Driver, ["card"] = d.Card, ["bus"] = d.BusInfo, ["streaming"] = d.CanStream,
                ["formats"] = new JsonArray(d.Formats.Select(f => (JsonNode)new JsonObject
                {
                    ["fourcc"] = f.Name, ["description"] = f.Description, ["compressed"] = f.Compressed,
                    ["usable"] = f.PipelineFormat is not null,
                    ["sizes"] = new JsonArray(f.Sizes.Select(s => (JsonNode)new JsonObject
                    {
                        ["width"] = s.Width, ["height"] = s.Height,
                        ["fps"] = new JsonArray(s.Intervals.Select(i => (JsonNode)Math.Round(i.FramesPerSecond, 2)).ToArray()),
                    }).ToArray()),
                    ["range"] = f.SizeRange?.ToString(),
                }).ToArray()),
            }).ToArray());
            Console.Out.WriteLine(list.ToJsonString());
            return 0;
        }
        if (devices.Count == 0) { Console.Out.WriteLine("no V4L2 capture devices found (Raspberry Pi cameras: use --source rpicam:)"); return 0; }
        foreach (var d in devices)
        {
            Console.Out.WriteLine($"{d.Path}: {d.Card} ({d.Driver}, {d.BusInfo})");
            foreach (var f in d.Formats)
                Console.Out.WriteLine($"  {(f.PipelineFormat is null ? " " : "*")} {f}");
        }
        Console.Out.WriteLine("(* = formats EdgeFace can use)");
        return 0;
    }
}
