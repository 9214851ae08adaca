namespace EdgeFace.Gpio;

/// <summary>One input line with edge events (a button, a PIR sensor).</summary>
public interface IGpioInput : IDisposable
{
    string Name { get; }

    /// <summary>The current logical value.</summary>
    bool Read();

    /// <summary>Blocks until an edge arrives (true, with the event) or <paramref name="timeoutMs"/> passes (false).</summary>
    bool WaitForEdge(int timeoutMs, out GpioEdgeEvent edge);
}
