using EdgeFace.Cli;

namespace EdgeFace.Daemon.Tests.Cli;

public class CommandLineParserTests
{
    private static readonly CommandSpec[] Commands =
    [
        new("config", "x", "", [], (_, _) => Task.FromResult(0)),
        new("config validate", "x", "", [new("json", "j")], (_, _) => Task.FromResult(0)),
        new("run", "x", "", [new("max-frames", "n", "N"), new("source", "s", "URI")], (_, _) => Task.FromResult(0)),
    ];

    [Fact]
    public void Longest_command_words_win()
    {
        var (cmd, args) = CommandLineParser.Parse(Commands, ["config", "validate", "a.json", "--json"]);
        Assert.Equal("config validate", cmd!.Name);
        Assert.Equal(["a.json"], args.Positionals);
        Assert.True(args.Has("json"));
    }

    [Fact]
    public void Values_in_both_spellings()
    {
        var (_, args) = CommandLineParser.Parse(Commands, ["run", "--max-frames", "5", "--source=folder:/x"]);
        Assert.Equal(5, args.GetInt("max-frames"));
        Assert.Equal("folder:/x", args.Get("source"));
    }

    [Fact]
    public void Unknown_option_and_missing_value_are_errors()
    {
        Assert.Throws<CliException>(() => CommandLineParser.Parse(Commands, ["run", "--frames", "5"]));
        Assert.Throws<CliException>(() => CommandLineParser.Parse(Commands, ["run", "--max-frames"]));
        var (_, args) = CommandLineParser.Parse(Commands, ["run", "--max-frames", "x"]);
        Assert.Throws<CliException>(() => args.GetInt("max-frames"));
    }
}
