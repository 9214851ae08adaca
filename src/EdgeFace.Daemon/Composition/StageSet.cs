using System.Threading.Channels;
using EdgeFace.Capture.Supervision;
using EdgeFace.Core.Frames;
using EdgeFace.Pipeline;

namespace EdgeFace.Composition;

/// <summary>
/// One run of the configuration-dependent stages: the supervised capture, the decode stage behind it and the frame
/// pipeline that takes its frames. Built by <see cref="StageComposer"/>, owned by the frame loop, which replaces the
/// whole set on a restart.
/// </summary>
public sealed class StageSet : IDisposable
{
    private readonly TaskCompletionSource<CameraState> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StageSet(CaptureSupervisor capture, DecodeStage decode, FramePipeline pipeline)
    {
        Capture = capture; Decode = decode; Pipeline = pipeline;
        capture.StateChanged += OnCameraState;
    }

    public CaptureSupervisor Capture { get; }
    public DecodeStage Decode { get; }
    public FramePipeline Pipeline { get; }

    /// <summary>Frames ready for the pipeline, decoded ahead.</summary>
    public ChannelReader<Frame> Frames => Decode.Output;

    /// <summary>
    /// The camera's first decisive state after start: streaming, or failed, ended or stopped. A camera that is
    /// reconnecting has not decided yet. This is what a restart request is answered with, one observed value.
    /// </summary>
    public Task<CameraState> Settled => _settled.Task;

    public void Start()
    {
        Decode.Start();
        Capture.Start();
    }

    private void OnCameraState(CameraState state)
    {
        if (state is CameraState.Streaming or CameraState.Failed or CameraState.Ended or CameraState.Stopped) _settled.TrySetResult(state);
    }

    /// <summary>Stops capture first (its completed queue ends the decode stage), then the decode stage.</summary>
    public void Dispose()
    {
        Capture.Dispose();
        Decode.Dispose();
        Capture.StateChanged -= OnCameraState;
        _settled.TrySetResult(Capture.State);
    }
}
