using EdgeFace.Cli;
using EdgeFace.Cli.Commands;
using EdgeFace.Configuration;

namespace EdgeFace;

public static class Program
{
    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        ConfigCommands.Validate,
        ConfigCommands.Schema,
        ProvidersCommand.Spec,
        CamerasCommand.Spec,
        RunCommand.Spec,
        DetectCommand.Spec,
        BenchCommand.Spec,
        EvalCommand.Spec,
    ];

    public static async Task<int> Main(string[] argv)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cts.Cancel(); });
        try
        {
            var (command, args) = CommandLineParser.Parse(Commands, argv);
            if (command is null)
            {
                if (argv.Length > 0 && argv[0] == "--version") { Console.Out.WriteLine(VersionInfo.EdgeFace); return 0; }
                Console.Out.WriteLine(TopLevelHelp());
                if (argv.Length == 0 || argv[0] is "--help" or "-h" or "help") return 0;
                Console.Error.WriteLine($"edgeface: unknown command '{string.Join(' ', argv.TakeWhile(a => !a.StartsWith('-')))}'");
                return 2;
            }
            if (args.Has("help")) { Console.Out.WriteLine(command.HelpText()); return 0; }
            return await command.Handler(args, cts.Token);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"edgeface: {e.Message}");
            return 2;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"edgeface: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is EdgeFace.Inference.ModelLoadException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException)
        {
            // a wrong or corrupt model, or a missing native library: the message names the file and the fix
            Console.Error.WriteLine($"edgeface: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return 0;
        }
    }

    public static string TopLevelHelp()
    {
        var lines = new List<string>
        {
            $"edgeface {VersionInfo.EdgeFace} — face detection and landmarks at the edge",
            "",
            "Usage: edgeface COMMAND [options]   (edgeface COMMAND --help for a command's options)",
            "",
            "Commands:",
        };
        lines.AddRange(Commands.Select(c => $"  {c.Name,-18} {c.Summary}"));
        return string.Join(Environment.NewLine, lines);
    }
}
