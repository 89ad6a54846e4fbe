using Mnist.Functional.Data;
using Mnist.Functional.Explain;
using Mnist.Functional.Layers;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

/// <summary>Small models and inputs for the attribution tests: explained inputs are raw pixels in [0, 1], normalised with MNIST's statistics.</summary>
internal static class ExplainModels
{
    /// <summary>MNIST's pixel statistics, rounded as everyone quotes them.</summary>
    public static readonly PixelStats Mnist = new(0.1307, 0.3081);

    /// <summary>LeNet-5's first layers: <c>Conv2d(1, 6, 5, padding 2)</c>, the shape whose float32 input gradient libtorch 2.10 gets wrong, then ReLU, max-pool and a linear read-out.</summary>
    public static Layer LeNetLike() =>
        Sequential(Conv2d(1, 6, 5, padding: 2), Relu, MaxPool2d(2), Flatten(), Linear(6 * 14 * 14, 10));

    /// <summary>A smooth convnet (tanh and average pooling), whose gradients finite differences can check anywhere.</summary>
    public static Layer Smooth() =>
        Sequential(Conv2d(1, 4, 3), Tanh, AvgPool2d(2), Flatten(), Linear(4 * 13 * 13, 10));

    /// <summary>A linear model on the flattened image, <c>F(x) = W·normalise(x) + b</c>, on which every method has a closed form.</summary>
    public static Layer Linear10() => Sequential(Flatten(), Linear(28 * 28, 10));

    /// <summary>The score of <paramref name="model"/> with fresh parameters from <paramref name="seed"/>, on raw pixels normalised as MNIST's.</summary>
    public static ClassScore ScoreOf(Layer model, ulong seed = 1, ScoreKind kind = ScoreKind.Logit) =>
        new(model, model.Init(new Generator(seed)), Preprocess.Normalize(Mnist), kind);

    /// <summary><paramref name="count"/> digit-like images, <c>[count, 1, 28, 28]</c> float32 in [0, 1]: a random stroke pattern, zero elsewhere.</summary>
    public static Tensor Digits(int count, ulong seed = 2)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(seed);
        var ink = rand([count, 1, 28, 28], generator: generator);
        var stroke = rand([count, 1, 7, 7], generator: generator).gt(0.6).to(float32);
        var mask = nn.functional.interpolate(stroke, size: [28, 28], mode: InterpolationMode.Nearest);
        return (ink * mask).MoveToOuterDisposeScope();
    }
}
