using TorchSharp;

namespace Mnist.Functional.Tests;

/// <summary>
/// Gives libtorch one intra-op thread for the whole test assembly (in the namespace above every test of this project, so that it covers them all). The
/// core has no engine start-up of its own: TorchSharp loads libtorch on first use, as it does for any application that
/// references the core alone.
/// </summary>
[SetUpFixture]
public sealed class OneThread
{
    // The tests' tensors are tiny, and on a busy 2-core machine a second thread only waits for a core.
    [OneTimeSetUp]
    public void UseOneThread() => torch.set_num_threads(1);
}
