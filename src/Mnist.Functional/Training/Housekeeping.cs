namespace Mnist.Functional.Training;

/// <summary>
/// What the training fold does for the process beside the maths: how often it has the garbage collector free the
/// native objects TorchSharp leaves to finalizers, and what the host wants done between an epoch's training and its
/// evaluation. <see cref="TrainingSetup.Housekeeping"/> carries it, so the fold's own text reads as the maths.
/// </summary>
/// <remarks>
/// TorchSharp leaves a few small native objects per step to finalizers (the scalar inside <c>Tensor.item</c>,
/// <c>add(tensor)</c>, <c>pow</c>, <c>autograd.grad</c>; dotnet/TorchSharp#1434). The managed heap grows too slowly for
/// the collector to run for hundreds of steps, and meanwhile those blocks, scattered between the step's tensor buffers,
/// keep the native allocator from reusing freed memory, so resident memory climbs until the first collection. A
/// young-generation collection every <see cref="CollectEverySteps"/> steps keeps it flat at a cost far below a step's.
/// </remarks>
public sealed record Housekeeping
{
    /// <summary>The fold's default: a collection every 16 steps, nothing between phases.</summary>
    public static Housekeeping Default { get; } = new();

    /// <summary>Steps between two collections of the finalizers' leftovers; 16 by default. Must be at least 1.</summary>
    public int CollectEverySteps { get; init; } = 16;

    /// <summary>
    /// Called after each epoch's training steps, before its evaluation, whose buffers have other sizes; the engine's
    /// host uses it to hand memory its allocator keeps back to the system. <see langword="null"/> for nothing.
    /// </summary>
    public Action? BetweenTrainingAndEvaluation { get; init; }

    /// <summary>After step number <paramref name="step"/> (from 1): collects the finalizers' leftovers every <see cref="CollectEverySteps"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CollectEverySteps"/> is less than 1.</exception>
    internal void AfterStep(long step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CollectEverySteps, 1, nameof(CollectEverySteps));
        if (step % CollectEverySteps == 0)
            Tensors.FinalizerLeftovers.Collect();
    }
}
