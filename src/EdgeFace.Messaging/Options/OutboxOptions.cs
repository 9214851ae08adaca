using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;
using EdgeFace.Messaging.Outbox;

namespace EdgeFace.Messaging.Options;

/// <summary>The durable queue that holds face events until the broker acknowledges them.</summary>
public sealed class OutboxOptions : IValidatable
{
    [Description("Folder of the outbox; empty uses $STATE_DIRECTORY/outbox or .cache/outbox.")]
    [LocalOnly]
    public string Path { get; set; } = "";

    [Description("Most bytes of undelivered events kept on disk.")]
    [Range(65536, 1L << 34)]
    public long MaxBytes { get; set; } = 16 * 1024 * 1024;

    [Description("What to do when full: drop_oldest or reject_new.")]
    [AllowedValues("drop_oldest", "reject_new")]
    public string DropPolicy { get; set; } = "drop_oldest";

    [Description("Milliseconds between fsyncs (0 = every event).")]
    [Range(0, 60000)]
    public int FsyncIntervalMs { get; set; } = 200;

    /// <summary>
    /// Where the outbox of <paramref name="deviceId"/> lives: the configured folder, else systemd's state directory
    /// (one device per service), else a folder per device under .cache, so two daemons run from one checkout never
    /// share an outbox. Derived, not a setting: it is not in the configuration document, so neither a file nor a remote
    /// request can carry it (config/set used to accept it, to no effect).
    /// </summary>
    public string EffectivePath(string deviceId) =>
        Path.Length > 0 ? Path
        : Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } state ? System.IO.Path.Combine(state.Split(':')[0], "outbox")
        : System.IO.Path.Combine(EdgeFace.Core.Hosting.EdgeFacePaths.CacheDirectory, "outbox", deviceId);

    public OutboxSettings ToSettings() => new()
    {
        MaxBytes = MaxBytes,
        SegmentBytes = Math.Clamp(MaxBytes / 8, 64 * 1024, 4 * 1024 * 1024),
        FsyncInterval = TimeSpan.FromMilliseconds(FsyncIntervalMs),
        DropPolicy = DropPolicy == "reject_new" ? OutboxDropPolicy.RejectNew : OutboxDropPolicy.DropOldest,
    };

    public void Validate(string path, ConfigIssues issues) => DeclaredLimits.Check(path, this, issues);
}
