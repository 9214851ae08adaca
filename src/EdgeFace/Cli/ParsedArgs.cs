namespace EdgeFace.Cli;

/// <summary>Options and positional arguments of one command line, after the command words.</summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, string?> _options;

    public ParsedArgs(Dictionary<string, string?> options, List<string> positionals)
    {
        _options = options;
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public int? GetInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(name) is not { } text) return null;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new CliException($"--{name} expects a whole number between {min} and {max}, got '{text}'");
        return v;
    }
}

/// <summary>A usage error: printed with a pointer to --help, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
