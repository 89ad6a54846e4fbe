using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>
/// Everything the training fold threads from step to step: the model's variables, the optimizer's
/// state, the history so far and the progress of the epoch in course. An immutable value.
/// </summary>
/// <param name="Variables">The model's parameters and state (batch-norm statistics).</param>
/// <param name="Optimizer">The optimizer's state; its step count is the number of updates made.</param>
/// <param name="History">The finished epochs and every step's loss.</param>
/// <param name="Progress">The epoch in course; <see cref="EpochProgress.None"/> between epochs.</param>
public sealed record TrainState(Variables Variables, OptState Optimizer, History History, EpochProgress Progress) : IDisposable
{
    /// <summary>Fresh parameters for <paramref name="setup"/>'s model drawn from <paramref name="generator"/>, and a fresh optimizer state.</summary>
    public static TrainState Init(TrainingSetup setup, Generator generator)
    {
        var variables = setup.Model.Init(generator);
        return new TrainState(variables, setup.Optimizer.Init(variables.Params), History.Empty, EpochProgress.None).DetachFromDisposeScope();
    }

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs => History.Epochs.Count;

    /// <summary>Optimizer updates made.</summary>
    public long Step => Optimizer.Step;

    /// <summary>Takes every tensor out of any dispose scope: the holder of this state frees it with <see cref="Dispose"/>.</summary>
    public TrainState DetachFromDisposeScope()
    {
        foreach (var tensor in AllTensors()) tensor.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Frees the tensors of this state that none of <paramref name="kept"/> also holds.</summary>
    public void DisposeUnlessHeldBy(params IEnumerable<TrainState> kept)
    {
        var held = kept.SelectMany(state => state.AllTensors()).Select(tensor => tensor.Handle).ToHashSet();
        foreach (var tensor in AllTensors().Where(tensor => !held.Contains(tensor.Handle))) tensor.Dispose();
    }

    /// <summary>Frees every tensor of this state.</summary>
    public void Dispose()
    {
        foreach (var tensor in AllTensors()) tensor.Dispose();
    }

    private IEnumerable<Tensor> AllTensors() =>
        Variables.Params.Tensors.Concat(Variables.State.Tensors).Concat(Optimizer.Moments.Tensors);
}
