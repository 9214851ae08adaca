namespace EdgeFace.Device.Load;

/// <summary>What <see cref="AdaptiveLoad"/> currently does (JSON-friendly for stats).</summary>
/// <param name="Throttled">True while detection runs on fewer frames.</param>
/// <param name="Reason">Why it is throttled (temperature or CPU and the value), or null.</param>
/// <param name="DetectEvery">Detect on every Nth frame right now.</param>
/// <param name="Transitions">How many times it switched state.</param>
public sealed record AdaptiveLoadState(bool Throttled, string? Reason, int DetectEvery, long Transitions);
