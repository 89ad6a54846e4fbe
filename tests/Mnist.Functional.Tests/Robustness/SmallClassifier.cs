using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Robustness;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

/// <summary>A small convnet with fresh seeded weights and a batch of images in [0, 1] with labels, for the attack tests.</summary>
internal static class SmallClassifier
{
    /// <summary>The statistics the small model standardises with (MNIST's).</summary>
    public static PixelStats Stats { get; } = new(0.1307, 0.3081);

    /// <summary>conv 16 3×3, ReLU, max-pool 2, flatten, linear 2704 → 10: <c>[B, 1, 28, 28] -> [B, 10]</c>.</summary>
    public static Layer Network { get; } = Sequential(Conv2d(1, 16, 3), Relu, MaxPool2d(2), Flatten(), Linear(16 * 13 * 13, 10));

    /// <summary>The network's parameters drawn from <paramref name="seed"/>.</summary>
    public static Variables Init(ulong seed = 3) => Network.Init(new Generator(seed));

    /// <summary>The network in evaluation mode on raw pixels.</summary>
    public static PixelModel Model(Variables variables) => PixelModels.InEvaluation(Network, variables, Stats);

    /// <summary><paramref name="count"/> images: uint8 pixels drawn from <paramref name="seed"/> (a quarter of them 0, a quarter 255, so clipping matters), and labels 0–9.</summary>
    public static (Tensor Bytes, Tensor Labels) Images(long count, ulong seed = 11)
    {
        var generator = new Generator(seed);
        var values = randint(0, 256, [count, 28, 28], dtype: ScalarType.Int32, generator: generator);
        var choice = randint(0, 4, [count, 28, 28], dtype: ScalarType.Int32, generator: generator);
        var bytes = where(choice.eq(0), zeros_like(values), where(choice.eq(1), full_like(values, 255), values)).to(ScalarType.Byte);
        return (bytes, randint(0, 10, [count], dtype: ScalarType.Int64, generator: generator));
    }

    /// <summary>The images of <see cref="Images"/> as pixels in [0, 1], <c>[B, 1, 28, 28]</c>.</summary>
    public static (Tensor Pixels, Tensor Labels) Pixels(long count, ulong seed = 11)
    {
        var (bytes, labels) = Images(count, seed);
        return (Preprocess.ToUnitRange(bytes).unsqueeze(1), labels);
    }
}
