using EdgeFace.Configuration;
using EdgeFace.Hosting;

namespace EdgeFace.Supervision;

/// <summary>Rebuilds the stages <paramref name="scope"/> names (capture always restarts) for <paramref name="config"/>.</summary>
public sealed class RebuildCommand(RestartScope scope, EdgeFaceConfig config) : LoopCommand<StageRebuild>
{
    private protected override StageRebuild Run(FrameLoop loop) => loop.Rebuild(scope, config);
}
