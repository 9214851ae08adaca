namespace EdgeFace.Supervision;

/// <summary>
/// A change to the running stages, asked for by another thread (a remote request, the GPIO input, the status
/// timer) and carried out by the frame loop between two frames. Each command brings its own completion, so two
/// requests in flight never share or replace each other's answer.
/// </summary>
public abstract class LoopCommand
{
    /// <summary>Runs on the frame loop, which owns every stage it touches.</summary>
    internal abstract void Execute(FrameLoop loop);

    /// <summary>The loop stopped before it got to this command.</summary>
    internal abstract void Abandon();
}

/// <summary>A command whose requester waits for a result.</summary>
public abstract class LoopCommand<T> : LoopCommand
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Completion => _done.Task;

    internal sealed override void Execute(FrameLoop loop)
    {
        try { _done.TrySetResult(Run(loop)); }
        catch (Exception e) { _done.TrySetException(e); }
    }

    internal sealed override void Abandon() => _done.TrySetCanceled();

    private protected abstract T Run(FrameLoop loop);
}
