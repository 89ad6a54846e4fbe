using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>The default model trained just enough that its classes mean something, for checks of its export.</summary>
internal static class BrieflyTrained
{
    /// <summary>The default model after one epoch over the first <paramref name="digits"/> training digits in batches of 100, seed 1; the caller frees it.</summary>
    public static TrainState DefaultModel(Dataset mnist, long digits)
    {
        using var subset = mnist.Train.Take(arange(digits));
        var model = Zoo.Default;
        var pipeline = subset.Shuffle(1).Batch(100).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs: 1), Epochs: 1, Seed: 1);
        return Train.Fit(setup, pipeline).State;
    }
}
