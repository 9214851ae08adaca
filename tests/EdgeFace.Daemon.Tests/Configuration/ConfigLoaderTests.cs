using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Daemon.Tests.Configuration;

public class ConfigLoaderTests
{
    private static LoadedConfig Build(string json)
    {
        var issues = new ConfigIssues();
        var layer = ConfigLoader.ParseObject(json, "test", issues);
        return layer is null ? new LoadedConfig(null, issues, new JsonObject(), []) : ConfigLoader.Build([("test", layer)], issues);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var loaded = Build("{}");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Issues.Items));
        Assert.Equal("demo", loaded.Config!.Source);
    }

    [Fact]
    public void Every_invalid_field_is_reported_with_its_path()
    {
        var loaded = Build("""{"detection":{"score_threshold":1.5,"max_faces":"many"},"inference":{"graph_optimization":"fast"},"bogus":1}""");
        Assert.False(loaded.IsValid);
        var paths = loaded.Issues.Items.Select(i => i.Path).ToHashSet();
        Assert.Contains("detection.score_threshold", paths);
        Assert.Contains("detection.max_faces", paths);
        Assert.Contains("inference.graph_optimization", paths);
        Assert.Contains("bogus", paths);
    }

    [Fact]
    public void Syntax_error_names_line()
    {
        var loaded = Build("{\n \"source\": \"demo\",\n oops }");
        var issue = Assert.Single(loaded.Issues.Items);
        Assert.Contains("line 3", issue.Message);
    }

    [Fact]
    public void Cross_field_rules_apply_after_schema()
    {
        var loaded = Build("""{"thermal":{"limit_c":60,"resume_c":59.5,"cpu_limit_percent":150},"models":{"detector":"../../etc/passwd"},"inference":{"providers":["warp-drive"]}}""");
        var paths = loaded.Issues.Items.Select(i => i.Path).ToList();
        Assert.Contains("thermal.cpu_limit_percent", paths);
        Assert.Contains("models.detector", paths);
        Assert.Contains("inference.providers[0]", paths);
    }

    [Fact]
    public void Later_layers_override_earlier_ones_and_null_restores_default()
    {
        var issues = new ConfigIssues();
        var profile = ConfigLoader.ParseObject("""{"inference":{"intra_op_threads":4},"detection":{"max_fps":10}}""", "p", issues)!;
        var file = ConfigLoader.ParseObject("""{"detection":{"max_fps":null,"detect_every":2}}""", "f", issues)!;
        var loaded = ConfigLoader.Build([("p", profile), ("f", file)], issues);
        Assert.True(loaded.IsValid);
        Assert.Equal(4, loaded.Config!.Inference.IntraOpThreads);
        Assert.Equal(0, loaded.Config.Detection.MaxFps);
        Assert.Equal(2, loaded.Config.Detection.DetectEvery);
    }

    [Fact]
    public void Schema_marks_local_only_fields()
    {
        var schema = ConfigSchema.Schema;
        Assert.Equal(true, (bool?)schema["properties"]!["source"]!["x-local-only"]);
        Assert.Null(schema["properties"]!["camera_name"]!["x-local-only"]);
        Assert.Equal(1.0, (double?)schema["properties"]!["detection"]!["properties"]!["score_threshold"]!["maximum"]);
    }
}
