using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Models;

/// <summary>A model of the zoo: its name, what it is, the network, and the recipe it trains best with.</summary>
/// <param name="Name">The name used on the command line, such as <c>pytorch-cnn</c>.</param>
/// <param name="Description">Where the architecture comes from and what it is.</param>
/// <param name="Network">The network for MNIST: <c>x: [B, 1, 28, 28] float32 -> [B, 10]</c> logits or log-probabilities.</param>
/// <param name="Recipe">The recommended optimizer, schedule, batch size and epochs.</param>
public sealed record ZooModel(string Name, string Description, Layer Network, Recipe Recipe)
{
    // A built architecture's MNIST network is made when first asked for: working out its dense layer's input runs
    // libtorch, which a program starts on its own terms (Engine), not when it first names a model.
    private Lazy<Layer> network = new(Network);

    /// <summary>The network for MNIST: <c>x: [B, 1, 28, 28] float32 -> [B, 10]</c> logits or log-probabilities.</summary>
    public Layer Network
    {
        get => network.Value;
        init => network = new(value);
    }

    // The networks built so far, by builder (or fixed network) and shape: a record's fields would change its equality.
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<ModelShape, Layer>> Built = new();

    /// <summary>
    /// How the architecture is built for other images and classes: the same layers, with the input of the first dense
    /// layer worked out from the image size and the last layer giving one score per class. <see langword="null"/> for a
    /// network that is what it is (then it must already fit).
    /// </summary>
    public Func<ModelShape, Layer>? Build { get; init; }

    /// <summary>
    /// The network for <paramref name="shape"/>: <see cref="Network"/> itself for MNIST's shape, else <see cref="Build"/>'s,
    /// checked by running one sample of zeros through it. Built once per shape.
    /// </summary>
    /// <exception cref="ModelDoesNotFitException">The architecture cannot take such images (a layer's input is too small for its kernel), or does not give one score per class; the message names the layer and the shapes.</exception>
    public Layer For(ModelShape shape) =>
        shape == ModelShape.Mnist ? Network : Built.GetValue((object?)Build ?? Network, _ => new()).GetOrAdd(shape, Fitted);

    private Layer Fitted(ModelShape shape)
    {
        Layer network;
        try
        {
            network = Build?.Invoke(shape) ?? Network;
        }
        catch (ModelDoesNotFitException)
        {
            throw;
        }
        catch (ArgumentException e)
        {
            throw new ModelDoesNotFitException(Name, shape, e.Message, e);
        }
        var output = OutputShape(Name, network, shape);
        if (output.Length != 2 || output[1] != shape.Classes)
            throw new ModelDoesNotFitException(Name, shape, string.Create(CultureInfo.InvariantCulture,
                $"it gives [{string.Join(", ", output)}] for one image, but one score per class is [1, {shape.Classes}]{(Build is null ? "; its network is fixed, so give it a dataset of its own shape" : "")}."));
        return network;
    }

    /// <summary>A model whose architecture <paramref name="build"/> makes for any images and classes; its <see cref="Network"/> is the one for MNIST.</summary>
    /// <exception cref="ModelDoesNotFitException">The architecture does not fit MNIST.</exception>
    public static ZooModel Of(string name, string description, Func<ModelShape, Layer> build, Recipe recipe) =>
        new(name, description, build, recipe);

    private ZooModel(string name, string description, Func<ModelShape, Layer> build, Recipe recipe)
        : this(name, description, Nn.Relu, recipe)
    {
        network = new(() => build(ModelShape.Mnist));
        Build = build;
    }

    /// <summary>
    /// The output shape of <paramref name="layers"/> for one sample of <paramref name="shape"/>, worked out layer by layer
    /// from each layer's settings (<see cref="Layer.OutputShape"/>), so that the layer that cannot take its input is the
    /// one named. A layer that cannot tell its shape that way (a <see cref="Lambda"/>) is run once on zeros, in evaluation
    /// mode, without gradients, every tensor freed.
    /// </summary>
    /// <exception cref="ModelDoesNotFitException">A layer cannot take what reaches it; the message names it by its path and gives the shapes.</exception>
    public static long[] OutputShape(string model, Layer layers, ModelShape shape)
    {
        var steps = layers.Children.Count > 0 && layers is Chain ? layers.Children : [("", layers)];
        var x = shape.Input;
        foreach (var (name, layer) in steps)
        {
            try
            {
                x = layer.OutputShape(x) ?? Run(layer, x);
            }
            catch (Exception e) when (e is ArgumentException or System.Runtime.InteropServices.ExternalException)
            {
                var reason = e is ShapeMismatchException mismatch ? $"it expects {mismatch.Subject} of shape {mismatch.Expected}" : FirstLine(e.Message);
                throw new ModelDoesNotFitException(model, shape, string.Create(CultureInfo.InvariantCulture,
                    $"layer {(name.Length == 0 ? "" : name + " ")}({layer.Describe()}) gets an input of shape [{string.Join(", ", x)}] and cannot take it ({reason}). Choose another model for these images."), e);
            }
        }
        return x;
    }

    // Running a network costs time and, on processors libtorch's NNPACK does not support, prints a warning at the first
    // convolution: only a layer that cannot tell its output shape from its settings is run.
    private static long[] Run(Layer layer, long[] input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(0);
        var variables = layer.Init(generator);
        return layer.Apply(variables.Params, variables.State, zeros(input), Mode.Eval).Output.shape;
    }

    /// <summary>
    /// A classifier of <paramref name="features"/> followed by <paramref name="head"/>, which is given the number of
    /// values per sample the features give for <paramref name="shape"/> (the input of its first dense layer): one chain,
    /// its layers named 0, 1, 2, … as the MNIST network's are.
    /// </summary>
    /// <exception cref="ModelDoesNotFitException">The features cannot take such images.</exception>
    public static Layer Classifier(string model, ModelShape shape, Layer[] features, Func<int, Layer[]> head)
    {
        return Nn.Sequential([.. features, .. head(Flat(model, shape, Nn.Sequential(features)))]);
    }

    /// <summary>As <see cref="Classifier(string, ModelShape, Layer[], Func{int, Layer[]})"/>, for layers with names of their own (as PyTorch's examples name them).</summary>
    public static Layer Classifier(string model, ModelShape shape, (string Name, Layer Layer)[] features, Func<int, (string Name, Layer Layer)[]> head)
    {
        return Nn.Sequential([.. features, .. head(Flat(model, shape, Nn.Sequential(features)))]);
    }

    // Values per sample that the features give: the input of the first dense layer.
    private static int Flat(string model, ModelShape shape, Layer features)
    {
        var output = OutputShape(model, features, shape);
        var flat = output.Skip(1).Aggregate(1L, (product, size) => product * size);
        return flat <= 1 << 24 ? (int)flat : throw new ModelDoesNotFitException(model, shape, string.Create(CultureInfo.InvariantCulture,
            $"its features give [{string.Join(", ", output)}] for one image, {flat:N0} values, too many for its dense layers. Choose another model for these images."));
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
