namespace Mnist.Functional.Layers;

/// <summary>
/// Batch normalisation of features or sequences: <c>x: [B, C] or [B, C, L] -> same shape</c>, statistics
/// over every dimension but C. See <see cref="BatchNorm"/> for the formula, parameters and state.
/// </summary>
/// <param name="NumFeatures">The number of channels C.</param>
public sealed record BatchNorm1d(int NumFeatures) : BatchNorm(NumFeatures)
{
    /// <inheritdoc />
    protected override string ExpectedShape => "[B, C] or [B, C, L]";

    /// <inheritdoc />
    protected override bool AcceptsRank(long rank) => rank is 2 or 3;
}
