namespace EdgeFace.Pipeline;

/// <summary>The stages a frame passes through, in order (names as they appear in stats).</summary>
public enum PipelineStage { Capture, Decode, Detect, Landmarks, Tracking, Publish }
