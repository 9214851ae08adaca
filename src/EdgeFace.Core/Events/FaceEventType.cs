namespace EdgeFace.Core.Events;

/// <summary>Where a face is in its lifecycle: first seen, still seen, gone.</summary>
public enum FaceEventType { New, Update, End }
