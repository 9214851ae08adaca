using EdgeFace.Configuration;

namespace EdgeFace.Supervision;

/// <summary>Applies the settings that change without a rebuild: thresholds, rate limit, detect-every, tracker, landmark stream.</summary>
public sealed class ApplySettingsCommand(EdgeFaceConfig config) : LoopCommand<bool>
{
    private protected override bool Run(FrameLoop loop)
    {
        loop.ApplySettings(config);
        return true;
    }
}
