using System.Text.Json.Serialization;
using EdgeFace.Device.Load;
using EdgeFace.Device.Metrics;
using EdgeFace.Device.Stats;

namespace EdgeFace.Device;

/// <summary>Source-generated JSON for the device types (trimming/AOT-friendly, no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatsSnapshot))]
[JsonSerializable(typeof(ThermalOptions))]
[JsonSerializable(typeof(MetricsOptions))]
public sealed partial class DeviceJsonContext : JsonSerializerContext
{
}
