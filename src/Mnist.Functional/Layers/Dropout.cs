using System.Globalization;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// Dropout: in training, <c>y = x ⊙ m / (1 − p)</c> with <c>m ~ Bernoulli(1 − p)</c> drawn from the
/// mode's generator; in evaluation, <c>y = x</c>. Any shape: <c>x: [*] -> [*]</c>.
/// </summary>
/// <remarks>
/// TorchSharp's <c>functional.dropout</c> draws from the global generator, so the mask is made here
/// with <c>bernoulli_(1 − p, generator)</c>, which is what libtorch's dropout does inside. Training
/// without a generator throws <see cref="GeneratorRequiredException"/> rather than draw unseeded numbers.
/// </remarks>
/// <param name="P">Probability of zeroing each element, in [0, 1].</param>
public sealed record Dropout(double P = 0.5) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        RequireValidSettings();
        if (!mode.IsTraining || P == 0)
            return new(input, state);
        if (mode.Generator is not { } generator)
            throw new GeneratorRequiredException("", Describe());
        if (P == 1)
            return new(input * zeros_like(input), state);
        using var scalars = new ScalarScope();
        var scaledMask = empty_like(input).bernoulli_(1 - P, generator).div_(scalars.Of(1 - P));
        return new(input * scaledMask, state);
    }

    /// <summary>The input's shape, which dropout keeps.</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        RequireValidSettings();
        return [.. inputShape];
    }

    private void RequireValidSettings()
    {
        if (P is < 0 or > 1 or double.NaN)
            throw new ArgumentException($"{Describe()}: the drop probability must be in [0, 1].");
    }

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Dropout(p={P})");
}
