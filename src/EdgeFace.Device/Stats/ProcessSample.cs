namespace EdgeFace.Device.Stats;

/// <summary>Process resource use at one moment.</summary>
/// <param name="CpuPercent">CPU time used since the previous sample, 100 = one core busy (as top shows it).</param>
/// <param name="CpuPercentOfMachine">The same divided by the core count: 100 = every core busy.</param>
/// <param name="RssBytes">Resident set size.</param>
/// <param name="Gen0Collections">GC collections so far, per generation.</param>
public readonly record struct ProcessSample(
    double CpuPercent,
    double CpuPercentOfMachine,
    long RssBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    long GcHeapBytes);
