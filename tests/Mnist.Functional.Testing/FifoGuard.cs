namespace Mnist.Functional.Testing;

/// <summary>
/// Runs code that must refuse a FIFO without opening it, and fails the test in bounded time when it blocks instead. An
/// open() of a FIFO that nothing writes to waits for ever and cannot be cancelled (a test's time-out only asks), so the
/// code runs on a thread of its own; when <see cref="Limit"/> has passed, the FIFO is opened for writing and closed,
/// which lets the blocked open() return and the thread end, and the test fails saying why.
/// </summary>
public static class FifoGuard
{
    /// <summary>How long the code may take to refuse the FIFO; refusing it takes no waiting at all.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>What <paramref name="work"/> threw, or <see langword="null"/> when it returned, within <see cref="Limit"/>.</summary>
    public static Exception? Thrown(string fifo, Action work) =>
        ResultAsync<Exception?>(fifo, () =>
        {
            try
            {
                work();
                return Task.FromResult<Exception?>(null);
            }
            catch (Exception e)
            {
                return Task.FromResult<Exception?>(e);
            }
        }).GetAwaiter().GetResult();

    /// <summary>What the asynchronous <paramref name="work"/> threw, or <see langword="null"/> when it returned, within <see cref="Limit"/>.</summary>
    public static Task<Exception?> ThrownAsync(string fifo, Func<Task> work) =>
        ResultAsync<Exception?>(fifo, async () =>
        {
            try
            {
                await work();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });

    /// <summary>The result of <paramref name="work"/> within <see cref="Limit"/>; the test fails if it blocks longer.</summary>
    public static async Task<T> ResultAsync<T>(string fifo, Func<Task<T>> work)
    {
        var running = Task.Run(work);
        if (await Task.WhenAny(running, Task.Delay(Limit)) != running)
        {
            Release(fifo);
            Assert.Fail($"blocked on the FIFO {fifo} for {Limit.TotalSeconds:F0} s: it was opened instead of refused.");
        }
        return await running;
    }

    // A writer that comes and goes: the blocked reader's open() returns and its read sees the end at once.
    private static void Release(string fifo) =>
        Task.Run(() =>
        {
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }).Wait(TimeSpan.FromSeconds(5));
}
