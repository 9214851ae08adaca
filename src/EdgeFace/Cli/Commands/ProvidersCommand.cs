using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Onnx;

namespace EdgeFace.Cli.Commands;

/// <summary><c>edgeface providers</c>: the ONNX Runtime library in use, its build and the execution providers it has.</summary>
public static class ProvidersCommand
{
    public static CommandSpec Spec => new("providers", "Show the ONNX Runtime version, build info and available execution providers.",
        "[--config FILE] [--json]", [ConfigResolver.ConfigOption, new("json", "Machine-readable output.")], (a, _) => Task.FromResult(Run(a)));

    private static int Run(ParsedArgs args)
    {
        var env = OrtEnvironment.Instance;
        var available = env.GetAvailableProviders();
        var wanted = args.Has("config") ? ConfigResolver.Resolve(args).Config!.Inference.Providers : ["cpu"];
        // Build a session options object the way the daemon does, so the answer includes what would actually be used.
        using var options = new SessionOptions();
        options.AppendExecutionProviders(wanted);
        if (args.Has("json"))
        {
            var o = new JsonObject
            {
                ["onnxruntime_version"] = env.Version,
                ["library"] = EdgeFace.Core.Hosting.EdgeFacePaths.OnnxRuntimeLibrary,
                ["build_info"] = env.BuildInfo,
                ["available"] = new JsonArray(available.Select(p => (JsonNode)p).ToArray()),
                ["requested"] = new JsonArray(wanted.Select(p => (JsonNode)p).ToArray()),
                ["active"] = new JsonArray(options.ActiveProviders.Select(p => (JsonNode)p).ToArray()),
            };
            Console.Out.WriteLine(o.ToJsonString());
        }
        else
        {
            Console.Out.WriteLine($"ONNX Runtime {env.Version}  ({EdgeFace.Core.Hosting.EdgeFacePaths.OnnxRuntimeLibrary})");
            Console.Out.WriteLine($"build: {env.BuildInfo}");
            Console.Out.WriteLine($"available providers: {string.Join(", ", available)}");
            Console.Out.WriteLine($"requested: {string.Join(", ", wanted)}  →  active: {string.Join(", ", options.ActiveProviders)}");
        }
        return 0;
    }
}
