/// <summary>What every scenario of this probe shares: CHECK lines, gpio-sim's sysfs files, waiting.</summary>
internal abstract class Checks(string simDir)
{
    private int _failed;

    protected void Check(string name, bool ok, string detail)
    {
        Console.WriteLine($"CHECK {name} {(ok ? "PASS" : "FAIL")} {detail}");
        if (!ok) _failed++;
    }

    // The kernel's view, independent of EdgeFace: gpio-sim's sysfs files.
    protected int SimValue(int line) => int.Parse(File.ReadAllText(Path.Combine(simDir, $"sim_gpio{line}", "value")).Trim());
    protected void SimPull(int line, bool up) => File.WriteAllText(Path.Combine(simDir, $"sim_gpio{line}", "pull"), up ? "pull-up" : "pull-down");

    protected static bool WaitFor(Func<bool> condition, int timeoutMs = 5000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < until) { if (condition()) return true; Thread.Sleep(5); }
        return condition();
    }

    protected static Exception? Record(Action action)
    {
        try { action(); return null; }
        catch (Exception e) { return e; }
    }

    protected abstract void RunChecks();

    public int Run()
    {
        try { RunChecks(); }
        catch (Exception e) { Check("no-exception", false, e.ToString().ReplaceLineEndings(" | ")); }
        return _failed == 0 ? 0 : 1;
    }
}
