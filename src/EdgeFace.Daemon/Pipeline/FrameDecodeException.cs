namespace EdgeFace.Pipeline;

/// <summary>A frame whose pixels cannot be read (corrupt JPEG and the like). The frame is skipped, the daemon goes on.</summary>
public sealed class FrameDecodeException(string message, Exception? inner = null) : Exception(message, inner);
