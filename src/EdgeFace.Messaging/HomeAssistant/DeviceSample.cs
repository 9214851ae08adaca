namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>One stats-interval sample of the device's health, shown by Home Assistant's diagnostic entities.</summary>
/// <param name="TemperatureC">Null when there is no sensor or it could not be read this time.</param>
public sealed record DeviceSample(
    double Fps, double InferenceMs, double? TemperatureC, double CpuPercent, double RssMb, bool Throttled, bool CameraConnected);
