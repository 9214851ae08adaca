namespace EdgeFace.Gpio.Tests;

/// <summary>A fact that only runs when an environment variable is set to 1 (slow opt-in checks); skipped with a reason otherwise.</summary>
public sealed class RequiresEnvironmentFactAttribute : FactAttribute
{
    public RequiresEnvironmentFactAttribute(string variable, string why)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1") Skip = $"set {variable}=1 to run ({why})";
    }
}
