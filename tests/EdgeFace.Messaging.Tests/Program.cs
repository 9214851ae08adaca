using EdgeFace.Messaging.Tests.Messaging;

namespace EdgeFace.Messaging.Tests;

/// <summary>
/// Entry point used only when the test assembly is started as a child process (<c>dotnet EdgeFace.Messaging.Tests.dll
/// outbox-publisher …</c>); the test runner never calls it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "outbox-publisher") return OutboxPublisherProcess.Run(args[1..]).GetAwaiter().GetResult();
        Console.Error.WriteLine("EdgeFace.Messaging.Tests is a test assembly; the only command is: outbox-publisher <port> <outbox-dir> <count>");
        return 2;
    }
}
