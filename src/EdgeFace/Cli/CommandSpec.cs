namespace EdgeFace.Cli;

/// <summary>An option a command accepts. Flags take no value.</summary>
public sealed record OptionSpec(string Name, string Help, string? ValueName = null)
{
    public bool IsFlag => ValueName is null;
}

/// <summary>A command: its words (e.g. "config validate"), help text, options and handler.</summary>
public sealed record CommandSpec(
    string Name,
    string Summary,
    string Usage,
    IReadOnlyList<OptionSpec> Options,
    Func<ParsedArgs, CancellationToken, Task<int>> Handler)
{
    public static readonly OptionSpec Help = new("help", "Show this help.");

    public string HelpText()
    {
        var lines = new List<string> { $"edgeface {Name} — {Summary}", "", $"Usage: edgeface {Name} {Usage}".TrimEnd(), "", "Options:" };
        foreach (var o in Options.Append(Help))
        {
            string left = o.IsFlag ? $"--{o.Name}" : $"--{o.Name} {o.ValueName}";
            lines.Add($"  {left,-28} {o.Help}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
