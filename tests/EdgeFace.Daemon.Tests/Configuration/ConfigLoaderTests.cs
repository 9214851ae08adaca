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
    public void Insights_thresholds_are_checked_by_the_schema_and_by_the_section()
    {
        var paths = Build("""{"insights":{"facing_yaw_deg":120,"smoothing_alpha":0}}""").Issues.Items.Select(i => i.Path).ToList();
        Assert.Contains("insights.facing_yaw_deg", paths);
        Assert.Contains("insights.smoothing_alpha", paths);
        // In range one by one, but closed eyes could never count as open again: the section's own rule.
        var crossed = Build("""{"insights":{"eye_closed_ratio":0.9,"eye_open_ratio":0.7}}""");
        Assert.Equal("insights.eye_open_ratio", Assert.Single(crossed.Issues.Items).Path);
        var good = Build("""{"insights":{"facing_yaw_deg":30,"yawn_openness":0.6}}""");
        Assert.True(good.IsValid, string.Join("; ", good.Issues.Items));
        Assert.Equal(30, good.Config!.Insights.FacingYawDeg);
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

    [Fact]
    public void A_duplicate_key_is_an_issue_naming_the_key_not_a_crash()
    {
        // Before, JsonObject threw ArgumentException ("An item with the same key has already been added") out of Build.
        var loaded = Build("""{"detection":{"max_faces":3,"max_faces":4}}""");
        var issue = Assert.Single(loaded.Issues.Items);
        Assert.Contains("max_faces", issue.Message);
        Assert.Contains("duplicate", issue.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_file_that_is_not_valid_utf8_is_refused_with_the_place()
    {
        // Before, File.ReadAllText replaced the bad byte with U+FFFD and the file loaded as if nothing were wrong.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. "{\n  \"camera_name\": \"door"u8, 0xC3, 0x28, .. "\"\n}"u8]);
            var issues = new ConfigIssues();
            Assert.Null(ConfigLoader.ReadFile(path, issues));
            var issue = Assert.Single(issues.Items);
            Assert.Contains("not valid UTF-8", issue.Message);
            Assert.Contains("line 2", issue.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_configuration_file_larger_than_the_limit_is_not_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var f = File.OpenWrite(path)) f.SetLength(ConfigLoader.MaxFileBytes + 1);
            var issues = new ConfigIssues();
            Assert.Null(ConfigLoader.ReadFile(path, issues));
            Assert.Contains("limit", Assert.Single(issues.Items).Message);
        }
        finally { File.Delete(path); }
    }
}
