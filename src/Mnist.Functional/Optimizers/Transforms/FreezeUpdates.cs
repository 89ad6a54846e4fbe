using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// Sets the updates of the parameters under <paramref name="Layers"/> to zero, so that those parameters keep their
/// values: <c>u'[p] = 0</c> for every parameter path <c>p</c> that is a layer path or lies under one
/// (<c>3</c> covers <c>3.weight</c> and <c>3.bias</c>), <c>u'[p] = u[p]</c> otherwise.
/// </summary>
/// <remarks>
/// Optax's <c>set_to_zero</c> under a mask (<c>optax.multi_transform</c>), as fine-tuning freezes layers. Put it last
/// in a chain, after weight decay and the learning rate, so that nothing moves a frozen parameter. The stages before it
/// still keep their moments for every parameter.
/// </remarks>
/// <param name="Layers">The layer paths whose parameters do not change, such as <c>0</c> and <c>4</c>.</param>
public sealed record FreezeUpdates(IReadOnlyList<string> Layers) : GradientTransform
{
    /// <summary>Whether <paramref name="parameterPath"/> is one of <see cref="Layers"/> or lies under one.</summary>
    public bool Covers(string parameterPath) =>
        Layers.Any(layer => parameterPath == layer || parameterPath.StartsWith(layer + ".", StringComparison.Ordinal));

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count) =>
        (updates.Map((path, update) => Covers(path) ? zeros_like(update) : update), state);

    /// <summary>Transforms compare by their layers, in order.</summary>
    public bool Equals(FreezeUpdates? other) => other is not null && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc />
    public override int GetHashCode() => Layers.Aggregate(Layers.Count, (hash, layer) => HashCode.Combine(hash, layer));
}
