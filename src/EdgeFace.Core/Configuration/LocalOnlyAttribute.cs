namespace EdgeFace.Core.Configuration;

/// <summary>
/// Marks a configuration field that only the local configuration file may set: broker address and credentials,
/// command lines, file paths. Remote configuration requests that touch it are refused and logged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class LocalOnlyAttribute : Attribute
{
}
