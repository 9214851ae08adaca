namespace EdgeFace.Device.Stats;

/// <summary>Percentiles of one stage's recent latencies (milliseconds) plus all-time totals.</summary>
/// <param name="WindowCount">Samples in the window the percentiles come from.</param>
/// <param name="TotalCount">Samples ever recorded.</param>
/// <param name="TotalMs">Sum of every sample ever recorded (Prometheus summary _sum).</param>
public readonly record struct LatencySummary(int WindowCount, long TotalCount, double TotalMs, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
