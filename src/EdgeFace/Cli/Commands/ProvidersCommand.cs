using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Onnx;

namespace EdgeFace.Cli.Commands;

/// <summary><c>edgeface providers</c>: the ONNX Runtime library in use, its build and the execution providers it has.</summary>
public static class ProvidersCommand
{
    public static CommandSpec Spec => new("providers", "Show the ONNX Runtime version, the library file and the available execution providers.",
        "[--config FILE] [--json]", [ConfigResolver.ConfigOption, new("json", "Machine-readable output.")], (a, _) => Task.FromResult(Run(a)));

    private static int Run(ParsedArgs args)
    {
        var available = OnnxRuntimeLibrary.AvailableProviders;
        var wanted = args.Has("config") ? ConfigResolver.Resolve(args).Config!.Inference.Providers : ["cpu"];
        // Register the providers the way the daemon does, so the answer includes what would actually be used.
        using var options = OnnxRuntimeLibrary.CreateSessionOptions();
        var active = ExecutionProviders.Append(options, wanted);
        if (args.Has("json"))
        {
            var o = new JsonObject
            {
                ["onnxruntime_version"] = OnnxRuntimeLibrary.Version,
                ["library"] = OnnxRuntimeLibrary.LoadedPath,
                ["library_override"] = OnnxRuntimeLibrary.OverridePath is not null,
                ["available"] = new JsonArray(available.Select(p => (JsonNode)p).ToArray()),
                ["requested"] = new JsonArray(wanted.Select(p => (JsonNode)p).ToArray()),
                ["active"] = new JsonArray(active.Select(p => (JsonNode)p).ToArray()),
            };
            Console.Out.WriteLine(o.ToJsonString());
        }
        else
        {
            string source = OnnxRuntimeLibrary.OverridePath is null ? "shipped with EdgeFace" : $"from {OnnxRuntimeLibrary.EnvironmentVariable}";
            Console.Out.WriteLine($"ONNX Runtime {OnnxRuntimeLibrary.Version}  ({OnnxRuntimeLibrary.LoadedPath}, {source})");
            Console.Out.WriteLine($"available providers: {string.Join(", ", available)}");
            Console.Out.WriteLine($"requested: {string.Join(", ", wanted)}  →  active: {string.Join(", ", active)}");
        }
        return 0;
    }
}
