using System.Runtime.InteropServices;

namespace Mnist.Functional.Tensors;

/// <summary>
/// Makes libtorch's OpenMP threads sleep, rather than spin, while they wait for work, unless the user
/// chose a policy with <c>OMP_WAIT_POLICY</c>.
/// </summary>
/// <remarks>
/// By default an OpenMP worker spins for a while after each parallel region. On a machine where the
/// cores are shared (a CI runner, a laptop building in the background, two processes training at once)
/// the spinning threads steal the cores from the thread that has work: measured on the 2-core
/// development machine with another process busy, a training step of the <c>fast</c> model took
/// 246 ms with spinning threads and 68 ms with sleeping ones. libgomp reads the policy once, when it
/// is loaded, so it is set in the native environment (<c>setenv</c>; .NET's own
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> is not seen by native code on Unix)
/// before libtorch is loaded.
/// </remarks>
internal static class ThreadWaitPolicy
{
    /// <summary>The variable libgomp reads: ACTIVE (spin) or PASSIVE (sleep).</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> for this process's native code unless it is already set; returns whether it did.</summary>
    public static bool SleepWhileWaiting()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
            return false;
        try
        {
            return SetEnvironment(NulTerminated(Variable), NulTerminated("PASSIVE"), overwrite: 0) == 0;
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
