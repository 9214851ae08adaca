namespace EdgeFace.Configuration;

/// <summary>Chooses the device profile for the board this runs on.</summary>
public static class BoardProfiles
{
    public static string Detect() => "none";
}
