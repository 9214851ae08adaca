namespace EdgeFace.Gpio;

/// <summary>How an output line drives its pin.</summary>
public enum GpioDrive
{
    /// <summary>Drives both levels (the default).</summary>
    PushPull,
    /// <summary>Only pulls low; high is left to an external pull-up (wired-OR buses, relays on 5 V).</summary>
    OpenDrain,
    /// <summary>Only drives high; low is left to an external pull-down.</summary>
    OpenSource,
}
