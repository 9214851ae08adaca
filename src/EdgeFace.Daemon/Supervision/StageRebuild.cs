using EdgeFace.Composition;

namespace EdgeFace.Supervision;

/// <summary>What a rebuild did: the new stages (null when none could start) and, if it went wrong, why.</summary>
public sealed record StageRebuild(StageSet? Stages, string? Failure);
