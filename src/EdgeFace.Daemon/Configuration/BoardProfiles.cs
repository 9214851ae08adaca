using EdgeFace.Device.Board;

namespace EdgeFace.Configuration;

/// <summary>Chooses the device profile for the board this runs on ("auto"), falling back to none when no file matches.</summary>
public static class BoardProfiles
{
    public static string Detect()
    {
        var board = new BoardDetector().Detect();
        return DeviceProfiles.Names().Contains(board.Profile) ? board.Profile : "none";
    }
}
