namespace EdgeFace.Core.Frames;

/// <summary>An image refused by <see cref="ImageLimits"/> before it was decoded: its header claims too many pixels, or its data is too large.</summary>
public sealed class ImageLimitException(string message) : Exception(message);
