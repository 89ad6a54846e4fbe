using System.Globalization;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>
/// A run's starting values taken from a trained model (<see cref="FineTuning"/>): each tensor of the new network is
/// the trained one of the same name and shape, except the head's when the classes differ, which start fresh.
/// </summary>
public static class WarmStart
{
    /// <summary>The starting values, and which layers start fresh.</summary>
    /// <param name="Variables">The network's parameters and state, owned by the caller.</param>
    /// <param name="FreshLayers">The layer paths that start from fresh values (the head, when the classes differ); empty when every tensor is the trained model's.</param>
    public sealed record Start(Variables Variables, IReadOnlyList<string> FreshLayers);

    /// <summary>The paths of <paramref name="network"/>'s top-level layers that have parameters, in order: what can be frozen.</summary>
    public static IReadOnlyList<string> LayersWithParameters(Layer network)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        return [.. network.Init(generator).Params.Paths.Select(TopLevel).Distinct()];
    }

    /// <summary>The head: the last top-level layer with parameters, the one that gives the class scores.</summary>
    public static string HeadOf(Layer network) => LayersWithParameters(network)[^1];

    /// <summary>
    /// The layers to freeze that <paramref name="requested"/> names: <see cref="FineTuning.AllButHead"/> for every layer
    /// with parameters but the head, or layer paths (each a top-level layer with parameters).
    /// </summary>
    /// <exception cref="ArgumentException">A path names no layer with parameters, or every layer would be frozen; the message lists the layers there are.</exception>
    public static IReadOnlyList<string> Frozen(Layer network, string modelName, IReadOnlyList<string> requested)
    {
        var layers = LayersWithParameters(network);
        var frozen = requested.SelectMany(word => word == FineTuning.AllButHead ? layers.SkipLast(1) : [word]).Distinct().ToList();
        if (frozen.FirstOrDefault(path => !layers.Contains(path)) is { } unknown)
            throw new ArgumentException($"{modelName} has no layer '{OutsideText.Show(unknown)}' with parameters to freeze: its layers with parameters are {string.Join(", ", layers)} (the head is {layers[^1]}), or say {FineTuning.AllButHead}.");
        if (frozen.Count == layers.Count)
            throw new ArgumentException($"Freezing {string.Join(", ", frozen)} freezes every layer of {modelName} that has parameters, so nothing would learn: leave at least the head ({layers[^1]}) free.");
        return [.. layers.Where(frozen.Contains)];
    }

    /// <summary>
    /// <paramref name="spec"/>'s network with <paramref name="source"/>'s trained tensors: every tensor of the same name
    /// and shape copied, the head's drawn fresh with the run's seed when the classes (their names, in order) differ.
    /// </summary>
    /// <exception cref="ArgumentException">The source is another model, or a tensor other than the head's has another shape (the images differ in size); the message names the layer and both shapes.</exception>
    public static Start From(TrainedModel source, RunSpec spec)
    {
        if (!string.Equals(source.Model.Name, spec.Model.Name, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The model to start from is {source.Model.Name}, but this run trains {spec.Model.Name}: fine-tuning keeps the architecture, so train {source.Model.Name} (or start {spec.Model.Name} from a run of its own).");
        var network = spec.Network;
        var head = HeadOf(network);
        var freshHead = !source.Dataset.ClassNames.SequenceEqual(spec.Dataset.ClassNames);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)spec.Seed);
        var fresh = network.Init(generator);
        var trained = source.Variables.Params.Concat(source.Variables.State);
        Tensor Take(string path, Tensor initial)
        {
            if (freshHead && TopLevel(path) == head)
                return initial;
            if (!trained.TryGet(path, out var value) || !value.shape.SequenceEqual(initial.shape))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Model.Name}'s {path} is {Shape(initial)} for {spec.Dataset.Title} ({spec.Dataset.Image} images) but {(value is null ? "missing" : Shape(value))} in the model to start from, trained on {source.Dataset.Title} ({source.Dataset.Image} images): fine-tuning keeps every layer but the head, so the images must be the same size."));
            return value.clone();
        }
        var variables = new Variables(fresh.Params.Map(Take), fresh.State.Map(Take));
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return new Start(variables, freshHead ? [head] : []);
    }

    private static string TopLevel(string path) => path.Split('.')[0];

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
