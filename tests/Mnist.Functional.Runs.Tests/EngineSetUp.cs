using Mnist.Functional.Native;

namespace Mnist.Functional;

/// <summary>Starts libtorch once for the whole test assembly, as a host does at start-up; in the namespace above every test of each library project that links it, so that it covers them all.</summary>
[SetUpFixture]
public sealed class EngineSetUp
{
    // One intra-op thread: the tests' tensors are tiny, and on a busy 2-core machine a second thread only waits for a core.
    [OneTimeSetUp]
    public void StartEngine() => Engine.Start(threads: 1);
}
