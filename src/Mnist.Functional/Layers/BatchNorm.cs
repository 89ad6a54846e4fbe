using System.Globalization;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// Batch normalisation over channel dimension 1: <c>y = (x − μ) / √(σ² + ε) · weight + bias</c>, with
/// <c>weight, bias: [C]</c> as parameters and <c>running_mean, running_var: [C]</c> and
/// <c>num_batches_tracked: []</c> as state, named as in PyTorch.
/// </summary>
/// <remarks>
/// Training normalises by the batch's statistics and returns new running statistics,
/// <c>r ← (1 − momentum)·r + momentum·s</c> (the variance unbiased, as PyTorch); evaluation normalises by
/// the running statistics. Calls <c>torch.nn.functional.batch_norm</c>, which updates the statistics it is
/// given in place, so it gets copies: the state passed in is never changed. Training needs more than one value
/// per channel (the unbiased variance of one value is not defined and would make the running variance NaN), so
/// a training batch of one sample of <c>[1, C]</c> is refused; see <see cref="MinimumTrainingBatch"/>.
/// </remarks>
public abstract record BatchNorm(int NumFeatures) : Layer
{
    /// <summary>Added to the variance before the square root, for stability; 1e-5 by default.</summary>
    public double Eps { get; init; } = 1e-5;

    /// <summary>Weight of the new batch in the running statistics; 0.1 by default.</summary>
    public double Momentum { get; init; } = 0.1;

    /// <summary>Whether to learn a per-channel scale and shift (<c>weight</c>, <c>bias</c>).</summary>
    public bool Affine { get; init; } = true;

    /// <summary>The input shapes this layer takes, in words, such as <c>[B, C, H, W]</c>.</summary>
    protected abstract string ExpectedShape { get; }

    /// <summary>Whether an input of this rank is one this layer takes.</summary>
    protected abstract bool AcceptsRank(long rank);

    /// <summary>2: a training batch of one sample gives no variance to learn from.</summary>
    public override int MinimumTrainingBatch => 2;

    /// <summary>Initialised as PyTorch: weight 1, bias 0, running mean 0, running variance 1, no batches tracked.</summary>
    public override Variables Init(Generator generator) => new(
        Affine ? Params.Of(("weight", ones(NumFeatures)), ("bias", zeros(NumFeatures))) : Params.Empty,
        Params.Of(("running_mean", zeros(NumFeatures)), ("running_var", ones(NumFeatures)), ("num_batches_tracked", tensor(0L))));

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        RequireAcceptable(input.shape);
        var (weight, bias) = Affine ? (parameters["weight"], parameters["bias"]) : (null, null);
        if (!mode.IsTraining)
            return new(nn.functional.batch_norm(input, state["running_mean"], state["running_var"], weight, bias, training: false, Momentum, Eps), state);

        if (input.numel() / NumFeatures < 2)
            throw new ShapeMismatchException("", Describe(), ExpectedShapeHere +
                " with more than one value per channel in training (batch statistics of one value have no variance)", Shapes.Format(input.shape));
        var runningMean = state["running_mean"].clone();
        var runningVar = state["running_var"].clone();
        var output = nn.functional.batch_norm(input, runningMean, runningVar, weight, bias, training: true, Momentum, Eps);
        using var scalars = new ScalarScope();
        return new(output, Params.Of(("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", state["num_batches_tracked"].add(scalars.Of(1L)))));
    }

    /// <summary>The input's shape, which batch normalisation keeps.</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        RequireAcceptable(inputShape);
        return [.. inputShape];
    }

    private void RequireAcceptable(long[] shape)
    {
        if (!AcceptsRank(shape.Length) || shape[1] != NumFeatures)
            throw new ShapeMismatchException("", Describe(), ExpectedShapeHere, Shapes.Format(shape));
    }

    private string ExpectedShapeHere => ExpectedShape.Replace("C", NumFeatures.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <inheritdoc />
    public override string Describe()
    {
        var settings = new List<string> { NumFeatures.ToString(CultureInfo.InvariantCulture) };
        if (Eps != 1e-5) settings.Add(string.Create(CultureInfo.InvariantCulture, $"eps={Eps}"));
        if (Momentum != 0.1) settings.Add(string.Create(CultureInfo.InvariantCulture, $"momentum={Momentum}"));
        if (!Affine) settings.Add("affine=False");
        return $"{GetType().Name}({string.Join(", ", settings)})";
    }
}
