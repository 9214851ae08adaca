namespace EdgeFace.Core.Configuration;

/// <summary>One invalid configuration field: its JSON path (e.g. <c>mqtt.keep_alive_s</c>) and why.</summary>
public readonly record struct ConfigIssue(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Collects every invalid field of a configuration so the user sees all of them at once.</summary>
public sealed class ConfigIssues
{
    private readonly List<ConfigIssue> _items = new();

    public IReadOnlyList<ConfigIssue> Items => _items;
    public bool IsValid => _items.Count == 0;

    public void Add(string path, string message) => _items.Add(new ConfigIssue(path, message));

    public void Range(string path, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max) Add(path, $"must be between {min} and {max} (got {value})");
    }
}

/// <summary>An options section that can check itself. Paths are JSON paths in snake_case.</summary>
public interface IValidatable
{
    void Validate(string path, ConfigIssues issues);
}
