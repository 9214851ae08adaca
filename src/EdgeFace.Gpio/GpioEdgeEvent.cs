namespace EdgeFace.Gpio;

/// <summary>One edge seen by the kernel on an input line. <paramref name="Rising"/> is in physical terms only when
/// the line is active-high: with active-low the kernel reports edges of the logical (active) value. With both edges
/// requested the kernel sets the direction from the level it reads in its interrupt thread, so two flips closer together
/// than that thread's latency both carry the later level: read the line when the level matters.</summary>
/// <param name="Offset">Line offset on its chip.</param>
/// <param name="Rising">True when the logical value went inactive → active.</param>
/// <param name="TimestampNs">Kernel CLOCK_MONOTONIC timestamp of the edge.</param>
/// <param name="LineSeqno">Sequence number of this event on its line (gaps mean the kernel buffer overflowed).</param>
public readonly record struct GpioEdgeEvent(uint Offset, bool Rising, ulong TimestampNs, uint LineSeqno);
