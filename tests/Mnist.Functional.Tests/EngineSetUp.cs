using Mnist.Functional.Tensors;

namespace Mnist.Functional.Tests;

/// <summary>Starts libtorch once for the whole test assembly, as the app does at start-up.</summary>
[SetUpFixture]
public sealed class EngineSetUp
{
    [OneTimeSetUp]
    public void StartEngine() => Engine.Start();
}
