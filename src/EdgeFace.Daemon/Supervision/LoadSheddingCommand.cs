namespace EdgeFace.Supervision;

/// <summary>Runs the detector on every Nth frame only while the device is too hot or busy (adaptive load's verdict).</summary>
public sealed class LoadSheddingCommand(int every) : LoopCommand<int>
{
    private protected override int Run(FrameLoop loop)
    {
        loop.SetLoadShedding(every);
        return every;
    }
}
