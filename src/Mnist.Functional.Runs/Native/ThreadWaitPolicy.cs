using System.Globalization;
using System.Runtime.InteropServices;

namespace Mnist.Functional.Native;

/// <summary>
/// Chooses how libtorch's OpenMP threads wait for work, once, before libtorch is loaded: a short spin on a
/// quiet machine, sleeping at once on a busy one, and whatever the user chose with <c>OMP_WAIT_POLICY</c> or
/// <c>GOMP_SPINCOUNT</c>.
/// </summary>
/// <remarks>
/// <para>
/// An OpenMP worker that finds no work spins for a while before it sleeps. On a quiet machine sleeping at once
/// (<c>OMP_WAIT_POLICY=PASSIVE</c>) makes a training step slower than a short spin; beside another busy process
/// spinning is the slower, because spinning threads take the cores from the threads that have work (docs/speed.md
/// gives the measurements and the command that made them). No spin count serves both, so the choice
/// is made from the machine as the engine starts: when no thread of another process is runnable
/// (<c>procs_running</c> in <c>/proc/stat</c> less this process's own, sampled <see cref="Samples"/> times), a spin of
/// <see cref="QuietSpinCount"/> iterations (a fraction of a millisecond, so idle workers still sleep between
/// steps and in a waiting server); otherwise PASSIVE. Load that starts later is not seen: set
/// <c>OMP_WAIT_POLICY=PASSIVE</c> where the machine is shared.
/// </para>
/// <para>
/// libgomp reads both variables once, when it is loaded, so they are set in the native environment
/// (<c>setenv</c>; .NET's own <see cref="Environment.SetEnvironmentVariable(string, string)"/> is not seen by
/// native code on Unix).
/// </para>
/// </remarks>
internal static partial class ThreadWaitPolicy
{
    /// <summary>The variable libgomp reads for the policy: ACTIVE (spin) or PASSIVE (sleep).</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>The variable libgomp reads for how many times a waiting thread spins before it sleeps.</summary>
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    /// <summary>The spin count on a quiet machine: libgomp spins about 100,000 times a millisecond, so about 0.3 ms.</summary>
    public const int QuietSpinCount = 30_000;

    /// <summary>How many times <c>procs_running</c> is read, <see cref="SampleIntervalMilliseconds"/> apart; the smallest reading counts.</summary>
    public const int Samples = 5;

    /// <summary>The pause between readings: 10 ms, so the whole look takes 40 ms and a process that is only starting up does not count.</summary>
    public const int SampleIntervalMilliseconds = 10;

    /// <summary>The choice made at start: the setting libgomp sees and why, for <c>mnist engine</c> and the benchmark.</summary>
    public static (string Setting, string Reason) Chosen { get; private set; } = ("", "not chosen: the engine was started elsewhere");

    /// <summary>Sets the policy for this process's native code unless the user set one; returns the setting and why.</summary>
    public static (string Setting, string Reason) Choose()
    {
        var (policy, spins) = (Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable(SpinCountVariable));
        if (policy is not null || spins is not null)
            return Chosen = FromEnvironment(policy, spins);
        if (!OperatingSystem.IsLinux())
            return Chosen = ("", "the OpenMP runtime's default");
        var (name, value, reason) = Decide(OtherRunnableThreads());
        return Chosen = Set(name, value) ? ($"{name}={value}", reason) : ("", "libgomp's default (setenv failed)");
    }

    /// <summary>Records what libgomp will do without changing anything: the user's settings if any, else its default.</summary>
    public static (string Setting, string Reason) LeaveAlone()
    {
        var (policy, spins) = (Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable(SpinCountVariable));
        return Chosen = policy is not null || spins is not null
            ? FromEnvironment(policy, spins)
            : ("", "the OpenMP runtime's default: the host did not ask the engine to choose");
    }

    /// <summary>What libgomp makes of the user's own settings: a spin count wins over the policy; a value it cannot read is ignored.</summary>
    internal static (string Setting, string Reason) FromEnvironment(string? policy, string? spins)
    {
        var setting = string.Join(' ', new[] { policy is null ? null : $"{Variable}={policy}", spins is null ? null : $"{SpinCountVariable}={spins}" }.OfType<string>());
        var problems = new List<string>();
        if (policy is not null && policy.Trim().ToUpperInvariant() is not ("ACTIVE" or "PASSIVE"))
            problems.Add($"{Variable} is neither ACTIVE nor PASSIVE");
        if (spins is not null && !SpinCountPattern().IsMatch(spins))
            problems.Add($"{SpinCountVariable} is not a count (digits with an optional k, M, G or T, or 'infinite')");
        if (problems.Count > 0)
            return (setting, $"from the environment, but libgomp ignores what it cannot read ({string.Join("; ", problems)}) and spins up to 300,000 times, its default");
        return (setting, policy is not null && spins is not null
            ? $"from the environment; libgomp spins {spins.Trim()} times whatever the policy says"
            : "from the environment");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(\d+\s*[kKmMgGtT]?|infinite|infinity)\s*$")]
    private static partial System.Text.RegularExpressions.Regex SpinCountPattern();

    /// <summary>The variable to set, its value and why, given how many other threads were runnable (<see langword="null"/>: unknown).</summary>
    internal static (string Name, string Value, string Reason) Decide(int? otherRunnableThreads) => otherRunnableThreads is 0
        ? (SpinCountVariable, QuietSpinCount.ToString(CultureInfo.InvariantCulture), "the machine was quiet at start")
        : (Variable, "PASSIVE", otherRunnableThreads is { } count ? $"{count} other runnable thread(s) at start" : "the machine's load could not be read");

    // Threads of other processes that are runnable: the system's count (procs_running in /proc/stat) less this process's
    // own runnable threads (the runtime compiles and collects on threads of its own while it starts), the smallest of
    // a few readings, so that a passing burst does not count.
    private static int? OtherRunnableThreads()
    {
        try
        {
            var fewest = int.MaxValue;
            for (var sample = 0; sample < Samples; sample++)
            {
                if (sample > 0) Thread.Sleep(SampleIntervalMilliseconds);
                var line = File.ReadLines("/proc/stat").FirstOrDefault(text => text.StartsWith("procs_running ", StringComparison.Ordinal));
                if (line is null || !int.TryParse(line["procs_running ".Length..], CultureInfo.InvariantCulture, out var running))
                    return null;
                fewest = Math.Min(fewest, Math.Max(0, running - OwnRunnableThreads()));
            }
            return fewest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // This process's threads in state R, from /proc/self/task/*/stat (the state follows the parenthesised name).
    private static int OwnRunnableThreads() =>
        Directory.EnumerateDirectories("/proc/self/task").Count(task =>
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var end = stat.LastIndexOf(')');
                return end >= 0 && end + 2 < stat.Length && stat[end + 2] == 'R';
            }
            catch (IOException)
            {
                return false;   // the thread ended between listing and reading
            }
        });

    private static bool Set(string name, string value)
    {
        try
        {
            return SetEnvironment(NulTerminated(name), NulTerminated(value), overwrite: 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static byte[] NulTerminated(string text) => System.Text.Encoding.UTF8.GetBytes(text + '\0');

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(byte[] name, byte[] value, int overwrite);
}
