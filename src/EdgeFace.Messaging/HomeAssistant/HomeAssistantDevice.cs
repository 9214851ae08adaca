namespace EdgeFace.Messaging.HomeAssistant;

/// <summary>What the daemon knows about the machine, for Home Assistant's device card and the entities it offers.</summary>
/// <param name="Hardware">The detected board's model string (discovery <c>hw</c>), null when unknown.</param>
/// <param name="SerialNumber">The board's serial number (discovery <c>sn</c>), null when it cannot be read.</param>
/// <param name="ConfigurationUrl">A page for the device (discovery <c>cu</c>), null when there is none.</param>
/// <param name="HasTemperatureSensor">Whether a thermal zone exists; without one no temperature entity is announced.</param>
public sealed record HomeAssistantDevice(string? Hardware, string? SerialNumber, string? ConfigurationUrl, bool HasTemperatureSensor)
{
    /// <summary>For callers that know nothing about the machine (tests, tools): no board facts, no temperature entity.</summary>
    public static HomeAssistantDevice Unknown { get; } = new(null, null, null, false);
}
