using Mnist.Functional.Tensors;

namespace Mnist.Functional.Tests;

/// <summary>Starts libtorch once for the whole test assembly, as the app does at start-up.</summary>
[SetUpFixture]
public sealed class EngineSetUp
{
    // One intra-op thread: the tests' tensors are tiny, and on a busy 2-core machine a second
    // thread only waits for a core (a 150-step training loop took 9.7 s with two, 0.3 s with one).
    [OneTimeSetUp]
    public void StartEngine() => Engine.Start(threads: 1);
}
