using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace EdgeFace.Core.Configuration;

/// <summary>
/// Checks the limits an options section declares on its properties ([Range], [AllowedValues]): the same attributes the
/// daemon's configuration schema is built from, so each limit is written once, on the property. Sections call it from
/// their own Validate, which also serves options built in code rather than read through the schema (a library user's).
/// Paths are the JSON names (snake_case), as in the configuration file.
/// </summary>
public static class DeclaredLimits
{
    public static void Check(string path, object section, ConfigIssues issues)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string field = $"{path}.{JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)}";
            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
                issues.Range(field, Number(property.GetValue(section)), Number(range.Minimum), Number(range.Maximum));
            if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && !allowed.Values.Contains(property.GetValue(section)))
                issues.Add(field, $"must be {string.Join(" or ", allowed.Values.Select(v => $"\"{v}\""))}");
        }
    }

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
