using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Cli.Commands;

/// <summary><c>edgeface config validate FILE</c> and <c>edgeface config schema</c>.</summary>
public static class ConfigCommands
{
    private static readonly OptionSpec Json = new("json", "Machine-readable output.");

    public static CommandSpec Validate => new("config validate", "Check a configuration file against the schema and rules; lists every problem.",
        "FILE [--profile NAME] [--json]", [ConfigResolver.ProfileOption, Json], (args, _) => Task.FromResult(RunValidate(args)));

    public static CommandSpec Schema => new("config schema", "Print the configuration's JSON Schema.", "",
        [], (_, _) => { Console.Out.WriteLine(ConfigSchema.ToJson()); return Task.FromResult(0); });

    private static int RunValidate(ParsedArgs args)
    {
        if (args.Positionals.Count != 1) throw new CliException("config validate takes one FILE (see --help)");
        string file = args.Positionals[0];
        var issues = new ConfigIssues();
        var layers = new List<(string, JsonObject)>();
        var doc = ConfigLoader.ReadFile(file, issues);
        if (doc is not null)
        {
            if (args.Get("profile") is { } profile && ConfigResolver.LoadProfile(profile, issues) is { } p) layers.Add((profile, p));
            layers.Add((file, doc));
        }
        var loaded = doc is null ? null : ConfigLoader.Build(layers, issues);
        bool ok = issues.IsValid;
        if (args.Has("json"))
        {
            var result = new JsonObject
            {
                ["file"] = file,
                ["valid"] = ok,
                ["issues"] = new JsonArray(issues.Items.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["message"] = i.Message }).ToArray()),
            };
            Console.Out.WriteLine(result.ToJsonString());
        }
        else if (ok) Console.Out.WriteLine($"{file}: valid");
        else
        {
            Console.Out.WriteLine($"{file}: {issues.Items.Count} problem(s)");
            foreach (var i in issues.Items) Console.Out.WriteLine($"  {i.Path}: {i.Message}");
        }
        return ok ? 0 : 1;
    }
}
