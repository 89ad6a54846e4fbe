using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training;

/// <summary>Frees a run's final state at the end of a test.</summary>
internal sealed class FitResultScope(FitResult value) : IDisposable
{
    public FitResult Value { get; } = value;

    public void Dispose() => Value.State.Dispose();
}
