using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Training;

/// <summary>
/// A tiny three-class problem in the shape of the real data: 8×8 uint8 images whose class is the
/// quarter holding a bright block, with noise. Small enough to train in milliseconds.
/// </summary>
public static class SyntheticDigits
{
    /// <summary>The class names.</summary>
    public static readonly string[] ClassNames = ["top-left", "top-right", "bottom-left"];

    /// <summary>To float in [0, 1], flattened: <c>[B, 8, 8] uint8 -> [B, 64] float32</c>.</summary>
    public static readonly Func<Tensor, Tensor> Preprocess = images => images.to_type(float32).div(255f).flatten(1);

    /// <summary>A linear classifier over the 64 pixels.</summary>
    public static readonly Layer Model = new Linear(64, 3);

    /// <summary><paramref name="count"/> images drawn from <paramref name="seed"/>.</summary>
    public static Split Make(int count, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var labels = randint(0, 3, [count], generator: generator);
        var images = randint(0, 60, [count, 8, 8], generator: generator);
        var rows = labels.div(2, rounding_mode: RoundingMode.floor) * 4;
        var columns = labels.remainder(2) * 4;
        for (var i = 0; i < count; i++)
        {
            var (row, column) = (rows[i].item<long>(), columns[i].item<long>());
            images[i, TensorIndex.Slice(row, row + 4), TensorIndex.Slice(column, column + 4)] += 180;
        }
        return new Split(images.to_type(ScalarType.Byte), labels);
    }

    /// <summary>Training batches over <paramref name="train"/>, shuffled with <paramref name="shuffleSeed"/>, and the splits to evaluate after each epoch.</summary>
    public static (BatchPipeline Train, Split? Validation, Split? Test) Data(Split train, int batchSize, long shuffleSeed, Split? validation = null, Split? test = null) =>
        (train.Shuffle(shuffleSeed).Batch(batchSize).Select(Preprocess), validation, test);

    /// <summary><see cref="Train.Fit"/> over <paramref name="data"/>, evaluating its splits with the setup's model after each epoch.</summary>
    public static FitResult Fit(
        TrainingSetup setup, (BatchPipeline Train, Split? Validation, Split? Test) data, IReadOnlyList<ITrainingObserver>? observers = null,
        (TrainState State, byte[] GeneratorState)? resume = null, CancellationToken cancellation = default)
    {
        SplitScore? Score(Split? split, TrainState state)
        {
            if (split is null) return null;
            var predictions = Evaluator.Predict(setup.Model, state.Variables, split.Images, split.Labels, ClassNames, 50, Preprocess);
            return new SplitScore(predictions.Loss, predictions.Accuracy);
        }
        EpochEvaluation? evaluate = data.Validation is null && data.Test is null ? null : (state, _) => new EpochScores(Score(data.Validation, state), Score(data.Test, state));
        return Train.Fit(setup, data.Train, evaluate, observers, resume, cancellation);
    }

    /// <summary>A setup for <see cref="Model"/> with SGD with momentum.</summary>
    public static TrainingSetup Setup(int epochs, long seed = 1, Layer? model = null, LossFunction? loss = null) =>
        new(model ?? Model, new Sgd(0.5, Momentum: 0.9), epochs, seed, loss);

    /// <summary>Whether two histories hold the same figures, leaving out the timings, which differ from run to run.</summary>
    public static bool SameFigures(History a, History b) =>
        a.StepLosses.SequenceEqual(b.StepLosses) &&
        a.Epochs.Zip(b.Epochs).All(pair => pair.First with { Seconds = 0, SamplesPerSecond = 0 } == pair.Second with { Seconds = 0, SamplesPerSecond = 0 });
}
