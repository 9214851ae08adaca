namespace EdgeFace.Device.Board;

/// <summary>What <see cref="BoardDetector"/> found.</summary>
/// <param name="Model">The board's own model string (device tree or DMI), or null when unreadable.</param>
/// <param name="Profile">The device profile name (a file <c>device-configs/&lt;profile&gt;.json</c>).</param>
/// <param name="Recognised">False when the board is unknown and a generic profile was chosen.</param>
public sealed record BoardInfo(string? Model, string Profile, bool Recognised);
