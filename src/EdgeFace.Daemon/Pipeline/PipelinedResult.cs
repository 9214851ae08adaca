namespace EdgeFace.Pipeline;

/// <summary>Frames per second the way the daemon runs them: JPEG decoding one frame ahead in the decode stage.</summary>
/// <param name="Frames">Frames measured.</param>
/// <param name="MsPerFrame">Wall-clock time per frame at the model thread (what limits the frame rate).</param>
/// <param name="OrtMsPerFrame">Bare ONNX Runtime Run time per frame inside it.</param>
/// <param name="DecodedAhead">Frames the decode stage decoded (the rest were decoded on the model thread).</param>
/// <param name="AllocatedBytesPerFrame">Managed bytes allocated per frame by the whole process (both threads).</param>
public sealed record PipelinedResult(int Frames, double MsPerFrame, double OrtMsPerFrame, long DecodedAhead, double AllocatedBytesPerFrame)
{
    public double OverOrt => MsPerFrame / OrtMsPerFrame;
}
