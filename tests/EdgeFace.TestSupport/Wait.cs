using System.Diagnostics;

namespace EdgeFace.TestSupport;

/// <summary>Polls a condition until it holds or a deadline passes: the one wait loop of the test suites.</summary>
public static class Wait
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false if it still does not after <paramref name="timeout"/>.</summary>
    public static bool For(Func<bool> condition, TimeSpan timeout, int pollMs = 5)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout) { if (condition()) return true; Thread.Sleep(pollMs); }
        return condition();
    }

    /// <summary>The same without blocking a thread, for async tests.</summary>
    public static async Task<bool> ForAsync(Func<bool> condition, TimeSpan timeout, int pollMs = 10)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout) { if (condition()) return true; await Task.Delay(pollMs); }
        return condition();
    }
}
