namespace EdgeFace.Messaging.Tests.Fixtures;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task Until(Func<bool> condition, double seconds = 10, string what = "condition")
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed.TotalSeconds > seconds) throw new TimeoutException($"{what} not met within {seconds} s");
            await Task.Delay(20);
        }
    }
}
