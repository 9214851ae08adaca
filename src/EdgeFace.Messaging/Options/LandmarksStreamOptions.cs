using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;

namespace EdgeFace.Messaging.Options;

/// <summary>Optional QoS 0 stream of landmarks on &lt;prefix&gt;/landmarks.</summary>
public sealed class LandmarksStreamOptions : IValidatable
{
    [Description("Publish landmarks of every tracked face on <prefix>/landmarks (QoS 0).")]
    public bool Enabled { get; set; }

    [Description("Most landmark messages per second per face.")]
    [Range(0.1, 60)]
    public double MaxRateHz { get; set; } = 5;

    public void Validate(string path, ConfigIssues issues) => DeclaredLimits.Check(path, this, issues);
}
