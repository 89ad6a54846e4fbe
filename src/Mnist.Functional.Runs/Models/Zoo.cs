using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Robustness;
using Mnist.Functional.Text;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Models;

/// <summary>
/// The model zoo: classic MNIST networks written with the layer combinators, each with the recipe
/// it is known to train well with. Each <see cref="ZooModel.Network"/> maps <c>[B, 1, 28, 28]</c> images to 10 class
/// scores; <see cref="ZooModel.For"/> builds the same architecture for other images and classes (the input of the first
/// dense layer worked out from the image size, the last layer one score per class).
/// </summary>
public static class Zoo
{
    /// <summary>The classic Keras MNIST convnet (keras.io "Simple MNIST convnet"); Keras reports 99.22% after 15 epochs.</summary>
    public static ZooModel KerasCnn { get; } = ZooModel.Of(
        "keras-cnn",
        "Keras' simple MNIST convnet: conv 32 3×3, max-pool, conv 64 3×3, max-pool, dropout 0.5, dense 10",
        shape => ZooModel.Classifier("keras-cnn", shape,
            [Conv2d(1, 32, 3), Relu, MaxPool2d(2), Conv2d(32, 64, 3), Relu, MaxPool2d(2), Flatten()],
            flat => [Dropout(0.5), Linear(flat, shape.Classes)]),
        new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 128, Epochs: 15));

    /// <summary>PyTorch's examples/mnist network, trained as that example does: Adadelta lr 1.0 decayed ×0.7 per epoch.</summary>
    public static ZooModel PyTorchCnn { get; } = ZooModel.Of(
        "pytorch-cnn",
        "PyTorch's examples/mnist: conv 32, conv 64, max-pool, dropout 0.25, fc 128, dropout 0.5, fc 10",
        shape => ZooModel.Classifier("pytorch-cnn", shape,
            [("conv1", Conv2d(1, 32, 3)), ("relu1", Relu), ("conv2", Conv2d(32, 64, 3)), ("relu2", Relu),
             ("pool", MaxPool2d(2)), ("dropout1", Dropout(0.25)), ("flatten", Flatten())],
            flat => [("fc1", Linear(flat, 128)), ("relu3", Relu), ("dropout2", Dropout(0.5)), ("fc2", Linear(128, shape.Classes)), ("log_softmax", LogSoftmax())]),
        new Recipe(OptimizerKind.Adadelta, 1.0, ScheduleKind.Step, BatchSize: 64, Epochs: 14));

    /// <summary>LeNet-5 (LeCun et al., 1998) with ReLU and max-pooling, the form most frameworks teach.</summary>
    public static ZooModel LeNet5 { get; } = ZooModel.Of(
        "lenet5",
        "LeNet-5: conv 6 5×5 (padded), max-pool, conv 16 5×5, max-pool, fc 120, fc 84, fc 10",
        shape => ZooModel.Classifier("lenet5", shape,
            [Conv2d(1, 6, 5, padding: 2), Relu, MaxPool2d(2), Conv2d(6, 16, 5), Relu, MaxPool2d(2), Flatten()],
            flat => [Linear(flat, 120), Relu, Linear(120, 84), Relu, Linear(84, shape.Classes)]),
        new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 128, Epochs: 10));

    /// <summary>A multilayer perceptron, the baseline every convnet should beat.</summary>
    public static ZooModel Mlp { get; } = ZooModel.Of(
        "mlp",
        "Multilayer perceptron: 784 → 512 → 256 → 10 with ReLU and dropout 0.2",
        shape => ZooModel.Classifier("mlp", shape,
            [Flatten()],
            flat => [Linear(flat, 512), Relu, Dropout(0.2), Linear(512, 256), Relu, Dropout(0.2), Linear(256, shape.Classes)]),
        new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 128, Epochs: 10));

    /// <summary>The network and recipe that reach 99% test accuracy in the least wall time on a small CPU.</summary>
    /// <remarks>
    /// One epoch of one-cycle SGD with label smoothing 0.1 passes 99% over seeds 1 to 5, where the plain
    /// two-convolution net, without the batch-normed hidden layer of 64 and the smoothing, needed two epochs
    /// (<c>scripts/seed-sweep.cs</c> measures it).
    /// </remarks>
    public static ZooModel Fast { get; } = ZooModel.Of(
        "fast",
        "Small convnet with batch norm: conv 16 5×5, conv 32 5×5 (each with batch norm, ReLU and max-pool), fc 64 with batch norm, fc 10; one epoch of one-cycle SGD",
        shape => ZooModel.Classifier("fast", shape,
            [Conv2d(1, 16, 5, bias: false), BatchNorm2d(16), Relu, MaxPool2d(2), Conv2d(16, 32, 5, bias: false), BatchNorm2d(32), Relu, MaxPool2d(2), Flatten()],
            flat => [Linear(flat, 64, bias: false), BatchNorm1d(64), Relu, Linear(64, shape.Classes)]),
        new Recipe(OptimizerKind.Sgd, 0.2, ScheduleKind.OneCycle, BatchSize: 128, Epochs: 1, WeightDecay: 5e-4, LabelSmoothing: 0.1));

    /// <summary>
    /// The least training work that reaches 99% test accuracy on every seed: a narrow net of two convolutions (8 channels
    /// 5×5, 32 channels 3×3), each max-pooled before its batch norm and ReLU, fc 128 with batch norm, fc 10; one epoch of
    /// one-cycle Adam (β₁ 0.7, β₂ 0.9, peak lr 0.03) in batches of 512 with label smoothing 0.1.
    /// </summary>
    /// <remarks>
    /// After tuomaso/train_mnist_fast (99% in one epoch: a narrow net, max-pool before ReLU, one-cycle Adam at lr 0.01,
    /// batch 128 to 256), with batch norm after each pool and label smoothing, which make one epoch reach 99% on every
    /// seed tried. It takes 41% of <see cref="Fast"/>'s multiply-adds per digit; pooling first also gives batch norm and
    /// ReLU a quarter of the values. Batches of 512 (118 steps an epoch instead of 469) pay each step's fixed cost a
    /// quarter as often, with the peak rate raised to match. <c>scripts/recipe-search.cs</c> compares it with its neighbours.
    /// </remarks>
    public static ZooModel Speedrun { get; } = ZooModel.Of(
        "speedrun",
        "Narrow convnet, pool before batch norm: conv 8 5×5, conv 32 3×3 (each max-pooled, then batch norm and ReLU), fc 128 with batch norm, fc 10; one epoch of one-cycle Adam",
        shape => ZooModel.Classifier("speedrun", shape,
            [Conv2d(1, 8, 5, bias: false), MaxPool2d(2), BatchNorm2d(8), Relu, Conv2d(8, 32, 3, bias: false), MaxPool2d(2), BatchNorm2d(32), Relu, Flatten()],
            flat => [Linear(flat, 128, bias: false), BatchNorm1d(128), Relu, Linear(128, shape.Classes)]),
        new Recipe(OptimizerKind.Adam, 0.03, ScheduleKind.OneCycle, BatchSize: 512, Epochs: 1, LabelSmoothing: 0.1, Beta1: 0.7, Beta2: 0.9));

    /// <summary>
    /// The strongest model for a budget of 15 minutes of training on 2 CPU cores without augmentation: two pairs of
    /// unpadded 3×3 convolutions (32, 32, then 64, 64), each with batch norm and ReLU, a max-pool after each pair,
    /// dropout, fc 256 with batch norm, dropout, fc 10; one-cycle SGD. <c>scripts/best-in-15-minutes.cs</c> fits its
    /// epochs to the budget.
    /// </summary>
    public static ZooModel Best { get; } = ZooModel.Of(
        "best",
        "Deeper convnet with batch norm for a 15-minute budget: conv 32, 32 3×3, max-pool, conv 64, 64 3×3, max-pool, dropout 0.25, fc 256 (batch norm), dropout 0.4, fc 10; one-cycle SGD",
        shape => ZooModel.Classifier("best", shape,
            [Conv2d(1, 32, 3, bias: false), BatchNorm2d(32), Relu, Conv2d(32, 32, 3, bias: false), BatchNorm2d(32), Relu, MaxPool2d(2),
             Conv2d(32, 64, 3, bias: false), BatchNorm2d(64), Relu, Conv2d(64, 64, 3, bias: false), BatchNorm2d(64), Relu, MaxPool2d(2), Flatten()],
            flat => [Dropout(0.25), Linear(flat, 256, bias: false), BatchNorm1d(256), Relu, Dropout(0.4), Linear(256, shape.Classes)]),
        new Recipe(OptimizerKind.Sgd, 0.1, ScheduleKind.OneCycle, BatchSize: 128, Epochs: 8, WeightDecay: 5e-4));

    /// <summary>
    /// A model that resists L∞ attacks of ε = 0.3 on pixels in [0, 1]: Wong, Rice &amp; Kolter's MNIST network (two 4×4
    /// stride-2 convolutions of 16 and 32 channels, fc 100, fc 10), trained adversarially against FGSM from a random
    /// start (α = 0.375) with one-cycle Adam at lr 0.005, batch 100, 10 epochs, as their "fast" MNIST training does
    /// ("Fast is better than free: revisiting adversarial training", ICLR 2020; locuslab/fast_adversarial's
    /// MNIST/train_mnist.py), with ε rising from 0 over the first 2 epochs.
    /// </summary>
    /// <remarks>
    /// The warm-up of ε is ours: FGSM training at the full ε from the first step can fall into catastrophic overfitting
    /// (PGD accuracy collapsing while FGSM accuracy climbs; Wong et al. §5), and a ramp of ε is the usual guard.
    /// </remarks>
    public static ZooModel Robust { get; } = new(
        "robust",
        "Wong et al.'s MNIST net: conv 16 4×4 stride 2, conv 32 4×4 stride 2, fc 100, fc 10; trained against FGSM with a random start at ε 0.3",
        Sequential(
            Conv2d(1, 16, 4, stride: 2, padding: 1), Relu,
            Conv2d(16, 32, 4, stride: 2, padding: 1), Relu,
            Flatten(), Linear(32 * 7 * 7, 100), Relu, Linear(100, 10)),
        new Recipe(OptimizerKind.Adam, 5e-3, ScheduleKind.OneCycle, BatchSize: 100, Epochs: 10,
            Adversarial: AdversarialTraining.Fast(0.3, warmupEpochs: 2)));

    /// <summary>Every model, in the order the <c>models</c> command lists them.</summary>
    public static IReadOnlyList<ZooModel> All { get; } = [Fast, Speedrun, KerasCnn, PyTorchCnn, LeNet5, Mlp, Best, Robust];

    /// <summary>The model that the app trains when none is named.</summary>
    public static ZooModel Default => Fast;

    /// <summary>
    /// The zoo model whose architecture, built for images and classes of <paramref name="shape"/>, is <paramref name="network"/>
    /// (<see cref="Layer"/> equality: the same layers, settings and names), or <see langword="null"/> when none is: a file that
    /// <c>mnist models --architecture NAME</c> printed holds model NAME, which then trains with its own recipe.
    /// </summary>
    public static ZooModel? WithNetwork(Layer network, ModelShape shape) =>
        All.FirstOrDefault(model => Fitting(model, shape) is { } own && own.Equals(network));

    // A fixed network that cannot take other images is no model for them.
    private static Layer? Fitting(ZooModel model, ModelShape shape)
    {
        try
        {
            return model.For(shape);
        }
        catch (ModelDoesNotFitException)
        {
            return null;
        }
    }

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No model has that name; the message lists the names there are.</exception>
    public static ZooModel Find(string name) =>
        All.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no model '{OutsideText.Show(name)}'. Choose one of: {string.Join(", ", All.Select(model => model.Name))}.", nameof(name));
}
