namespace EdgeFace.Supervision;

/// <summary>Pauses detection (frames are taken and released unprocessed) or resumes it; from the GPIO input line.</summary>
public sealed class PauseCommand(bool paused) : LoopCommand<bool>
{
    private protected override bool Run(FrameLoop loop)
    {
        loop.SetPaused(paused);
        return paused;
    }
}
