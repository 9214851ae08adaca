namespace EdgeFace.Capture.Folder;

/// <summary>What a folder: URI asks for: a directory of images played in name order.</summary>
public sealed record FolderRequest(string Path, double? FramesPerSecond = null, bool Loop = false);
