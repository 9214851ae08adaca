namespace EdgeFace.Cli;

/// <summary>
/// Splits a command line into a command (the longest matching run of command words), its --options and its
/// positional arguments. Accepts "--name value" and "--name=value"; unknown options are errors, not ignored.
/// </summary>
public static class CommandLineParser
{
    public static (CommandSpec? Command, ParsedArgs Args) Parse(IReadOnlyList<CommandSpec> commands, string[] argv)
    {
        CommandSpec? command = null;
        int consumed = 0;
        foreach (var c in commands)
        {
            var words = c.Name.Split(' ');
            if (words.Length <= argv.Length && words.Select((w, i) => argv[i] == w).All(x => x) && words.Length > consumed)
            {
                command = c;
                consumed = words.Length;
            }
        }
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var known = command?.Options.Append(CommandSpec.Help).ToDictionary(o => o.Name) ?? new() { ["help"] = CommandSpec.Help };
        for (int i = consumed; i < argv.Length; i++)
        {
            string a = argv[i];
            if (a == "--") { positionals.AddRange(argv.Skip(i + 1)); break; }
            if (a is "-h") a = "--help";
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2) { positionals.Add(a); continue; }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            if (!known.TryGetValue(name, out var spec))
            {
                if (command is null) { options[name] = value; continue; }
                throw new CliException($"unknown option --{name} for 'edgeface {command.Name}' (see edgeface {command.Name} --help)");
            }
            if (spec.IsFlag)
            {
                if (value is not null) throw new CliException($"--{name} takes no value");
            }
            else if (value is null)
            {
                if (i + 1 >= argv.Length) throw new CliException($"--{name} needs a value ({spec.ValueName})");
                value = argv[++i];
            }
            options[name] = value;
        }
        return (command, new ParsedArgs(options, positionals));
    }
}
