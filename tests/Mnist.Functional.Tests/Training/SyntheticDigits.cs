using Mnist.Functional.Data;
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

    /// <summary>Training data over <paramref name="train"/>, shuffled with <paramref name="shuffleSeed"/>, with optional evaluated splits.</summary>
    public static TrainingData Data(Split train, int batchSize, long shuffleSeed, Split? validation = null, Split? test = null) =>
        new(train.Shuffle(shuffleSeed).Batch(batchSize).Select(Preprocess), Preprocess, ClassNames, validation, test, EvaluationBatchSize: 50);

    /// <summary>A setup for <see cref="Model"/> with SGD with momentum.</summary>
    public static TrainingSetup Setup(int epochs, long seed = 1, Layer? model = null, LossFunction? loss = null) =>
        new(model ?? Model, new Sgd(0.5, Momentum: 0.9), epochs, seed, loss);
}
