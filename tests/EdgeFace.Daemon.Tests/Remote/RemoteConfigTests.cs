using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Hosting;
using EdgeFace.Remote;

namespace EdgeFace.Daemon.Tests.Remote;

public class RemoteConfigTests
{
    private static JsonObject Patch(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The scope of applying <paramref name="patch"/> to a configuration built from <paramref name="file"/>.</summary>
    private static (RestartScope Stages, bool ProcessRestart) Scope(string patch, string file = "{}")
    {
        var before = ConfigLoader.Build([("file", Patch(file))]).Effective;
        return ChangeScope.Of(before, JsonMerge.Apply((JsonObject)before.DeepClone(), Patch(patch)));
    }

    [Fact]
    public void Paths_credentials_and_commands_are_local_only()
    {
        var found = LocalOnlyGuard.Refused(ConfigLoader.Defaults(), Patch("""{"source":"file:/etc/passwd","models":{"directory":"/tmp","detector":"a.json"},"mqtt":{"password":"x","url":"mqtt://evil","include_landmarks":true},"detection":{"max_faces":3}}"""));
        Assert.Contains("source", found);
        Assert.Contains("models.directory", found);
        Assert.Contains("mqtt.password", found);
        Assert.Contains("mqtt.url", found);
        Assert.DoesNotContain("models.detector", found);
        Assert.DoesNotContain("mqtt.include_landmarks", found);
        Assert.DoesNotContain("detection.max_faces", found);
    }

    [Fact]
    public void Change_scope_rebuilds_only_what_is_affected()
    {
        Assert.Equal((RestartScope.None, false), Scope("""{"detection":{"score_threshold":0.5},"tracker":{"end_after_ms":10}}"""));
        Assert.Equal((RestartScope.None, false), Scope("""{"insights":{"facing_yaw_deg":35,"blink_max_ms":300}}"""));
        Assert.Equal((RestartScope.Models, false), Scope("""{"inference":{"intra_op_threads":1}}"""));
        Assert.Equal((RestartScope.Models, false), Scope("""{"detection":{"landmarks":false}}"""));
        Assert.Equal((RestartScope.Gpio, false), Scope("""{"gpio":{"outputs":[]}}""", file: """{"gpio":{"backend":"log","outputs":[{"name":"lamp","line":1}]}}"""));
        // what events carry and how often stats go out is read per message: live
        Assert.Equal((RestartScope.None, false), Scope("""{"mqtt":{"include_landmarks":true,"landmarks_stream":{"enabled":true},"stats_interval_s":10}}"""));
        Assert.Equal((RestartScope.None, false), Scope("""{"log_level":"debug"}"""));
        Assert.True(Scope("""{"mqtt":{"include_landmarks":true,"keep_alive_s":10}}""").ProcessRestart);
        Assert.True(Scope("""{"metrics":{"enabled":true}}""").ProcessRestart);
    }

    [Fact]
    public void A_section_reset_with_null_rebuilds_what_the_reset_changes()
    {
        // {"detection":null} turns landmarks back on (the default) when the file had them off: the models stage must be
        // rebuilt, although the request never names "landmarks". The old rule looked only at the keys named.
        Assert.Equal((RestartScope.Models, false), Scope("""{"detection":null}""", file: """{"detection":{"landmarks":false}}"""));
        // ... and nothing when the reset changes nothing that needs it
        Assert.Equal((RestartScope.None, false), Scope("""{"detection":null}""", file: """{"detection":{"max_faces":3}}"""));
    }

    [Fact]
    public void Atomic_write_replaces_the_file_and_leaves_no_temp_file()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, "old");
            AtomicFile.Write(path, "{\"new\":true}");
            Assert.Equal("{\"new\":true}", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_configuration_file_that_no_longer_parses_is_not_rewritten_from_the_patch_alone()
    {
        // Before, an unreadable file was replaced by the patch: every local-only setting in it was lost.
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var path = Path.Combine(dir, "config.json");
            const string broken = "{\"mqtt\":{\"url\":\"mqtts://broker.lan\"},  oops";
            File.WriteAllText(path, broken);
            await using var host = new DaemonHost(new EdgeFaceConfig(), new RunRequest(0, false, path));
            Assert.False(host.PersistPatch(Patch("""{"tracker":{"end_after_ms":900}}""")));
            Assert.Equal(broken, File.ReadAllText(path));
        }
        finally { Directory.Delete(dir, true); }
    }
}
