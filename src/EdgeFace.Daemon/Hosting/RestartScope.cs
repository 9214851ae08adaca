namespace EdgeFace.Hosting;

/// <summary>Which stages a configuration change needs rebuilt.</summary>
[Flags]
public enum RestartScope { None = 0, Capture = 1, Models = 2, Gpio = 4 }
