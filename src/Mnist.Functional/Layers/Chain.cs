using System.Collections.Immutable;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// Layers applied one after another, <c>y = fₙ(… f₂(f₁(x)))</c>. Each child's parameters and state
/// live under its name (<c>0.weight</c>, <c>conv1.bias</c>), matching PyTorch's <c>nn.Sequential</c>.
/// </summary>
public sealed record Chain : Layer
{
    private Chain(ImmutableArray<(string Name, Layer Layer)> layers)
    {
        var duplicate = layers.GroupBy(child => child.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two layers in one chain are named '{duplicate.Key}'; give each a distinct name.", nameof(layers));
        Layers = layers;
    }

    /// <summary>The children, in order, with their names.</summary>
    public ImmutableArray<(string Name, Layer Layer)> Layers { get; }

    /// <summary>A chain whose children are named by position, 0, 1, 2, …; nested unnamed chains are flattened.</summary>
    public static Chain Of(params IEnumerable<Layer> layers) =>
        new(layers.SelectMany(layer => layer is Chain { IsPositional: true } chain ? chain.Layers.Select(child => child.Layer) : [layer])
                  .Select((layer, position) => (position.ToString(System.Globalization.CultureInfo.InvariantCulture), layer))
                  .ToImmutableArray());

    /// <summary>A chain of named children: <c>Chain.Of(("conv1", Conv2d(1, 32, 3)), ("relu1", Relu), …)</c>.</summary>
    public static Chain Of(params IEnumerable<(string Name, Layer Layer)> layers) => new(layers.ToImmutableArray());

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, Layer Layer)> Children => Layers;

    private bool IsPositional => Layers.Select((child, position) => child.Name == position.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(same => same);

    /// <inheritdoc />
    public override Variables Init(Generator generator)
    {
        var children = Layers.Select(child => (child.Name, Variables: child.Layer.Init(generator))).ToList();
        return new(
            Params.Nest(children.Select(child => (child.Name, child.Variables.Params))),
            Params.Nest(children.Select(child => (child.Name, child.Variables.State))));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two rewrites make a chain cheaper without changing a value or a gradient (tested bit for bit), unless an
    /// observer (a <see cref="Summary"/>) watches the layers one by one:
    /// a ReLU right before a <see cref="MaxPool2d"/> runs after it instead, on a quarter of the values for 2×2
    /// windows, because <c>max(relu(x)) = relu(max(x))</c> for a non-decreasing function and the gradient reaches
    /// the same element (or is zero) either way (not after a <see cref="BatchNorm"/>, whose backward pass would then
    /// receive its gradient in another memory order and sum it in another order, which changes the last bits); any other ReLU right after a <see cref="Conv2d"/>,
    /// <see cref="Linear"/> or <see cref="BatchNorm"/> works in place on the tensor that layer has just made, which
    /// nothing else holds and whose backward pass does not read.
    /// </remarks>
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        var x = input;
        var states = new List<(string, Params)>(Layers.Length);
        var rewrite = mode.Observer is null;
        for (var position = 0; position < Layers.Length; position++)
        {
            var (name, layer) = Layers[position];
            if (rewrite && IsRelu(layer) && position + 1 < Layers.Length && Layers[position + 1].Layer is MaxPool2d && !(position > 0 && Layers[position - 1].Layer is BatchNorm))
            {
                var (poolName, pool) = Layers[position + 1];
                var pooled = ApplyChild(poolName, pool, parameters.Child(poolName), state.Child(poolName), x, mode);
                x = nn.functional.relu(pooled.Output);
                states.Add((name, state.Child(name)));
                states.Add((poolName, pooled.State));
                position++;
                continue;
            }
            if (rewrite && IsRelu(layer) && position > 0 && Layers[position - 1].Layer is Conv2d or Linear or BatchNorm)
            {
                x = x.relu_();
                states.Add((name, state.Child(name)));
                continue;
            }
            var output = ApplyChild(name, layer, parameters.Child(name), state.Child(name), x, mode);
            x = output.Output;
            states.Add((name, output.State));
        }
        return new(x, Params.Nest(states));
    }

    private static bool IsRelu(Layer layer) => layer is Activation { Function: ActivationFunction.Relu };

    /// <summary>The input shape passed through every child in turn; <see langword="null"/> if a child cannot tell.</summary>
    public override long[]? OutputShape(long[] inputShape)
    {
        var shape = inputShape;
        foreach (var (name, layer) in Layers)
        {
            if (ChildOutputShape(name, layer, shape) is not { } output)
                return null;
            shape = output;
        }
        return shape;
    }

    /// <inheritdoc />
    public override string Describe() => $"Chain({Layers.Length} layers)";

    /// <summary>Chains compare by their children, in order.</summary>
    public bool Equals(Chain? other) =>
        other is not null && Layers.Length == other.Layers.Length && Layers.Zip(other.Layers).All(pair => pair.First.Name == pair.Second.Name && pair.First.Layer.Equals(pair.Second.Layer));

    /// <inheritdoc />
    public override int GetHashCode() => Layers.Aggregate(Layers.Length, (hash, child) => HashCode.Combine(hash, child.Name, child.Layer));
}
