namespace EdgeFace.Inference.Tests;

/// <summary>
/// The test assembly's entry point. `dotnet EdgeFace.Inference.Tests.dll int8-reference` prints one line per fixed
/// input and setting ("on|off input scale kpt"), so a test can run the comparison on an emulated CPU without VNNI
/// (qemu-x86_64 -cpu EPYC-Rome), the kind of CPU whose U8S8 kernels overflow. Without arguments it does nothing:
/// the test runner never calls it.
/// </summary>
public static class Int8ReferenceProbe
{
    public const string Command = "int8-reference";

    public static int Main(string[] args)
    {
        if (args is not [Command]) return 0;
        foreach (bool precise in new[] { true, false })
        foreach (string input in Int8Reference.Inputs())
        {
            var d = Int8Reference.Measure(new InferenceOptions { IntraOpThreads = 1, X64QuantPrecision = precise }, input);
            Console.WriteLine(FormattableString.Invariant($"{(precise ? "on" : "off")} {d.Input} {d.Scale} {d.Kpt}"));
        }
        return 0;
    }
}
